import type { ApiPromise } from "@polkadot/api";
import type { Codec } from "@polkadot/types/types";
import { type Json, toBig, toDelegateInfo, toMetagraph, toNetworkParams, toNum, toStakeInfo, toSubnetInfo } from "./convert.js";
import { ChainError } from "./errors.js";
import type { YumaEpochReport, YumaScenario } from "./scenario-types.js";
import type {
  AccountBalance,
  Balance,
  DelegateInfo,
  EpochPayout,
  Metagraph,
  NetworkParams,
  StakeInfo,
  SubnetInfo,
} from "./types.js";

type RuntimeCall = (...args: unknown[]) => Promise<Codec>;

/** `api.call.subnetsApi.<method>`, or a clear error when the runtime does not expose it. */
function subnetsApi(api: ApiPromise, method: string): RuntimeCall {
  const section = (api.call as unknown as Record<string, Record<string, RuntimeCall> | undefined>).subnetsApi;
  const fn = section?.[method];
  if (!fn) {
    throw new ChainError(
      { code: "RUNTIME_API", method: `SubnetsApi.${method}`, reason: "not in this runtime's metadata" },
      `the runtime has no SubnetsApi.${method} (is pallet Subnets in this runtime?)`,
    );
  }
  return fn;
}

async function callApi(api: ApiPromise, method: string, ...args: unknown[]): Promise<Codec> {
  const fn = subnetsApi(api, method);
  try {
    return await fn(...args);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new ChainError(
      { code: "RUNTIME_API", method: `SubnetsApi.${method}`, reason },
      `SubnetsApi.${method} failed: ${reason}`,
      { cause: err },
    );
  }
}

function unwrapOption(codec: Codec): Json | null {
  const opt = codec as unknown as { isNone: boolean; unwrap(): Codec };
  if (opt.isNone) return null;
  return opt.unwrap().toJSON() as Json;
}

export async function readMetagraph(api: ApiPromise, netuid: number, includeWeights: boolean): Promise<Metagraph | null> {
  const j = unwrapOption(await callApi(api, "getMetagraph", netuid, includeWeights));
  return j ? toMetagraph(netuid, j, includeWeights) : null;
}

export async function readSubnets(api: ApiPromise): Promise<SubnetInfo[]> {
  return ((await callApi(api, "getSubnets")).toJSON() as Json[]).map(toSubnetInfo);
}

export async function readDelegates(api: ApiPromise): Promise<DelegateInfo[]> {
  return ((await callApi(api, "getDelegates")).toJSON() as Json[]).map(toDelegateInfo);
}

export async function readStakeInfo(api: ApiPromise, coldkey: string): Promise<StakeInfo[]> {
  return ((await callApi(api, "getStakeInfo", coldkey)).toJSON() as Json[]).map(toStakeInfo);
}

export async function readRegistrationCost(api: ApiPromise, netuid: number): Promise<Balance | null> {
  const v = (await callApi(api, "getRegistrationCost", netuid)).toJSON();
  return v === null || v === undefined ? null : toBig(v);
}

export async function readNetworkLockCost(api: ApiPromise): Promise<Balance> {
  return toBig((await callApi(api, "getNetworkLockCost")).toJSON());
}

export async function readBalance(api: ApiPromise, address: string): Promise<AccountBalance> {
  const info = (await api.query.system.account(address)).toJSON() as { data?: Json };
  return { free: toBig(info.data?.free ?? 0), reserved: toBig(info.data?.reserved ?? 0) };
}

/**
 * The chain's total issuance: the currency's issuance plus everything staked (staking moves
 * tokens out of balances into `Subnets.TotalStake`, so balances alone would miss emissions).
 */
export async function readTotalIssuance(api: ApiPromise): Promise<Balance> {
  const totalStake = (api.query as unknown as Record<string, Record<string, (() => Promise<Codec>) | undefined> | undefined>)
    .subnets?.totalStake;
  const [currency, staked] = await Promise.all([
    api.query.balances.totalIssuance(),
    totalStake ? totalStake() : Promise.resolve(null),
  ]);
  return toBig(currency.toJSON()) + (staked ? toBig(staked.toJSON()) : 0n);
}

type StorageFn = (...args: unknown[]) => Promise<Codec>;

function subnetsStorage(api: ApiPromise, item: string): StorageFn {
  const fn = (api.query as unknown as Record<string, Record<string, StorageFn | undefined> | undefined>).subnets?.[item];
  if (!fn) {
    throw new ChainError(
      { code: "RUNTIME_API", method: `Subnets.${item}`, reason: "not in this runtime's metadata" },
      `the runtime has no storage Subnets.${item}`,
    );
  }
  return fn;
}

export async function readNetworkParams(api: ApiPromise): Promise<NetworkParams> {
  return toNetworkParams((await subnetsStorage(api, "networkParamsStore")()).toJSON() as Json);
}

/** `Subnets.EmissionPaid` events of one block, read from `System.Events` at that block's hash. */
export async function readEpochPayouts(api: ApiPromise, blockNumber: number): Promise<EpochPayout[]> {
  const hash = await api.rpc.chain.getBlockHash(blockNumber);
  const at = await api.at(hash);
  const records = (await at.query.system.events()) as unknown as Array<{
    event: { section: string; method: string; data: { toJSON(): unknown } };
  }>;
  const payouts: EpochPayout[] = [];
  for (const { event } of records) {
    if (event.section !== "subnets" || event.method !== "EmissionPaid") continue;
    // Event data serialises as a positional array: [netuid, owner_cut, miners, validators].
    const [netuid, ownerCut, miners, validators] = event.data.toJSON() as unknown[];
    payouts.push({
      netuid: toNum(netuid),
      block: blockNumber,
      ownerCut: toBig(ownerCut),
      miners: toBig(miners),
      validators: toBig(validators),
    });
  }
  return payouts;
}

function scenarioToCodecInput(s: YumaScenario): Record<string, unknown> {
  return {
    n: s.n,
    kappa: s.kappa,
    bondsMovingAverage: s.bondsMovingAverage,
    activityCutoff: s.activityCutoff,
    maxAllowedValidators: s.maxAllowedValidators,
    emissionPerEpoch: s.emissionPerEpoch,
    stake: s.stake,
    blockAtRegistration: s.blockAtRegistration,
    steps: s.steps.map((st) => ({
      block: st.block,
      stake: st.stake,
      replace: st.replace,
      weights: st.weights,
      epoch: st.epoch,
      hyperparameters: st.hyperparameters,
      resetBonds: st.resetBonds,
    })),
    bondsConfig: s.bondsConfig,
  };
}

const nums = (v: unknown) => (Array.isArray(v) ? v.map(toNum) : []);
const bigs = (v: unknown) => (Array.isArray(v) ? v.map(toBig) : []);

/** `SubnetsApi.simulate_yuma`: the runtime's own epoch over a scenario. */
export async function simulateYuma(api: ApiPromise, scenario: YumaScenario): Promise<YumaEpochReport[]> {
  const result = (await callApi(api, "simulateYuma", scenarioToCodecInput(scenario))) as unknown as {
    isErr: boolean;
    asErr: Codec;
    asOk: Codec;
  };
  if (result.isErr) {
    const e = result.asErr as unknown as { type: string; toJSON(): unknown };
    const detail = JSON.stringify(e.toJSON());
    throw new ChainError(
      { code: "RUNTIME_API", method: "SubnetsApi.simulateYuma", reason: `${e.type} ${detail}` },
      `the runtime refused the scenario: ${e.type}${detail.startsWith("{") ? ` ${detail}` : ""}`,
    );
  }
  return (result.asOk.toJSON() as Json[]).map((r) => ({
    block: toBig(r.block),
    emission: bigs(r.emission),
    serverEmission: bigs(r.serverEmission),
    validatorEmission: bigs(r.validatorEmission),
    incentive: nums(r.incentive),
    dividends: nums(r.dividends),
    consensus: nums(r.consensus),
    rank: nums(r.rank),
    trust: nums(r.trust),
    validatorTrust: nums(r.validatorTrust),
    validatorPermit: Array.isArray(r.validatorPermit) ? r.validatorPermit.map(Boolean) : [],
    bonds: Array.isArray(r.bonds)
      ? (r.bonds as unknown[][]).map((row) =>
          row.map((p) => [toNum((p as unknown[])[0]), toNum((p as unknown[])[1])] as [number, number]),
        )
      : [],
  }));
}
