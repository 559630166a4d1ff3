import { hexToU8a, isHex, u8aToString } from "@polkadot/util";
import type {
  AxonEndpoint,
  DelegateInfo,
  Hyperparameters,
  Metagraph,
  NetworkParams,
  NeuronInfo,
  SparseRow,
  StakeInfo,
  SubnetInfo,
} from "./types.js";

/**
 * Codec -> plain TS. We go through `toJSON()` (camelCase keys, u64 above 2^52 as hex strings)
 * and convert each field to its declared type, so no codec class leaks past `chain/client`.
 */
export type Json = Record<string, unknown>;

export function toBig(v: unknown): bigint {
  if (typeof v === "bigint") return v;
  if (typeof v === "number") return BigInt(v);
  if (typeof v === "string") return BigInt(v);
  throw new TypeError(`expected an integer, got ${typeof v}`);
}

export function toNum(v: unknown): number {
  const n = typeof v === "number" ? v : Number(toBig(v));
  if (!Number.isSafeInteger(n)) throw new TypeError(`integer out of range: ${String(v)}`);
  return n;
}

function arr(j: Json, key: string): unknown[] {
  const v = j[key];
  return Array.isArray(v) ? v : [];
}

/** Bytes arrive as hex; endpoints store UTF-8 text (peer id base58, multiaddr strings). */
export function bytesToText(v: unknown): string {
  if (typeof v === "string" && isHex(v)) return u8aToString(hexToU8a(v));
  if (Array.isArray(v)) return u8aToString(Uint8Array.from(v as number[]));
  return String(v ?? "");
}

const BIGINT_PARAMS = new Set<keyof Hyperparameters>([
  "bondsMovingAverage",
  "weightsRateLimit",
  "weightsVersionKey",
  "servingRateLimit",
  "adjustmentAlpha",
  "burn",
  "minBurn",
  "maxBurn",
  "revealPeriodEpochs",
]);
const BOOL_PARAMS = new Set<keyof Hyperparameters>([
  "commitRevealEnabled",
  "registrationAllowed",
  "yuma3Enabled",
  "liquidAlphaEnabled",
  "bondsResetEnabled",
]);
/** Signed 16-bit hyperparameters (root may set a negative sigmoid steepness). */
const I16_PARAMS = new Set<keyof Hyperparameters>(["alphaSigmoidSteepness"]);

/** Every hyperparameter name, in the order of the chain's `Hyperparameter` enum. */
export const HYPERPARAMETER_NAMES: ReadonlyArray<keyof Hyperparameters> = [
  "tempo",
  "immunityPeriod",
  "maxAllowedUids",
  "maxAllowedValidators",
  "minAllowedWeights",
  "maxWeightLimit",
  "kappa",
  "bondsMovingAverage",
  "activityCutoff",
  "weightsRateLimit",
  "weightsVersionKey",
  "servingRateLimit",
  "targetRegistrationsPerInterval",
  "maxRegistrationsPerBlock",
  "adjustmentInterval",
  "adjustmentAlpha",
  "burn",
  "minBurn",
  "maxBurn",
  "commitRevealEnabled",
  "revealPeriodEpochs",
  "registrationAllowed",
  "yuma3Enabled",
  "liquidAlphaEnabled",
  "alphaLow",
  "alphaHigh",
  "alphaSigmoidSteepness",
  "bondsPenalty",
  "bondsResetEnabled",
];

/** How a hyperparameter's value is typed: u64 (bigint), bool, i16, or u16 ("number"). */
export function hyperparameterKind(name: keyof Hyperparameters): "bigint" | "boolean" | "i16" | "number" {
  if (BIGINT_PARAMS.has(name)) return "bigint";
  if (BOOL_PARAMS.has(name)) return "boolean";
  if (I16_PARAMS.has(name)) return "i16";
  return "number";
}

export function toHyperparameters(j: Json): Hyperparameters {
  const out: Record<string, unknown> = {};
  for (const name of HYPERPARAMETER_NAMES) {
    const v = j[name];
    const kind = hyperparameterKind(name);
    out[name] = kind === "bigint" ? toBig(v) : kind === "boolean" ? Boolean(v) : toNum(v);
  }
  return out as unknown as Hyperparameters;
}

export function toEndpoint(v: unknown): AxonEndpoint | null {
  if (v === null || v === undefined) return null;
  const j = v as Json;
  return {
    peerId: bytesToText(j.peerId),
    multiaddrs: arr(j, "multiaddrs").map(bytesToText),
    version: toNum(j.version),
    protocol: toNum(j.protocol),
    block: toNum(j.block ?? 0),
  };
}

function toRows(v: unknown): SparseRow[] {
  if (!Array.isArray(v)) return [];
  return v.map((row) =>
    Array.isArray(row) ? row.map((p) => [toNum((p as unknown[])[0]), toNum((p as unknown[])[1])] as [number, number]) : [],
  );
}

/** Subnet owners are `Option<AccountId>` on chain (None for root): "" when there is none. */
function ownerOf(v: unknown): string {
  return v === null || v === undefined ? "" : String(v);
}

export function toMetagraph(netuid: number, j: Json, includeWeights: boolean): Metagraph {
  const hotkeys = arr(j, "hotkeys");
  const at = (key: string, i: number) => arr(j, key)[i];
  const neurons: NeuronInfo[] = hotkeys.map((hotkey, uid) => ({
    uid,
    hotkey: String(hotkey),
    coldkey: String(at("coldkeys", uid) ?? ""),
    endpoint: toEndpoint(at("endpoints", uid)),
    active: Boolean(at("active", uid)),
    validatorPermit: Boolean(at("validatorPermit", uid)),
    stake: toBig(at("stake", uid) ?? 0),
    rank: toNum(at("rank", uid) ?? 0),
    trust: toNum(at("trust", uid) ?? 0),
    consensus: toNum(at("consensus", uid) ?? 0),
    incentive: toNum(at("incentive", uid) ?? 0),
    dividends: toNum(at("dividends", uid) ?? 0),
    validatorTrust: toNum(at("validatorTrust", uid) ?? 0),
    pruningScore: toNum(at("pruningScore", uid) ?? 0),
    emission: toBig(at("emission", uid) ?? 0),
    lastUpdate: toNum(at("lastUpdate", uid) ?? 0),
    blockAtRegistration: toNum(at("blockAtRegistration", uid) ?? 0),
  }));
  const mg: Metagraph = {
    netuid,
    owner: ownerOf(j.owner),
    block: toNum(j.block ?? 0),
    hyperparameters: toHyperparameters((j.hyperparameters ?? {}) as Json),
    emissionPerBlock: toBig(j.emissionPerBlock ?? 0),
    neurons,
  };
  if (includeWeights) {
    mg.weights = toRows(j.weights);
    mg.bonds = toRows(j.bonds);
  }
  return mg;
}

export function toSubnetInfo(j: Json): SubnetInfo {
  return {
    netuid: toNum(j.netuid),
    owner: ownerOf(j.owner),
    n: toNum(j.n),
    maxAllowedUids: toNum(j.maxAllowedUids),
    tempo: toNum(j.tempo),
    emissionPerBlock: toBig(j.emissionPerBlock ?? 0),
    registeredAt: toNum(j.registeredAt ?? 0),
    lockedAmount: toBig(j.lockedAmount ?? 0),
    burn: toBig(j.burn ?? 0),
  };
}

export function toNetworkParams(j: Json): NetworkParams {
  return {
    subnetLimit: toNum(j.subnetLimit),
    networkImmunityPeriod: toNum(j.networkImmunityPeriod),
    networkMinLock: toBig(j.networkMinLock),
    networkLockReductionInterval: toNum(j.networkLockReductionInterval),
    networkRateLimit: toNum(j.networkRateLimit),
    rootTempo: toNum(j.rootTempo),
  };
}

export function toDelegateInfo(j: Json): DelegateInfo {
  return {
    hotkey: String(j.hotkey),
    owner: String(j.owner),
    take: toNum(j.take),
    totalStake: toBig(j.totalStake ?? 0),
    nominators: arr(j, "nominators").map((p) => {
      const [coldkey, stake] = p as [unknown, unknown];
      return { coldkey: String(coldkey), stake: toBig(stake) };
    }),
  };
}

export function toStakeInfo(j: Json): StakeInfo {
  return { hotkey: String(j.hotkey), coldkey: String(j.coldkey), stake: toBig(j.stake ?? 0) };
}
