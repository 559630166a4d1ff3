import { z } from "zod";
import {
  DEFAULT_BONDS_CONFIG,
  type YumaBondsConfig,
  type YumaScenario,
  type YumaScenarioParam,
  type YumaScenarioStep,
} from "../../chain/client/scenario-types.js";
import { MeshtensorError } from "../../lib/errors.js";
import { BIG_TAG, isBigTagged, parseJsonKeepingBigInts } from "./bigjson.js";

export type ScenarioErrorType = { code: "SCENARIO_INVALID"; field: string; reason: string };
/** A malformed scenario file: the message is one line naming the field. */
export class ScenarioError extends MeshtensorError<ScenarioErrorType> {}

const U64_MAX = (1n << 64n) - 1n;
// Integers as plain JSON numbers (safe ones) or as tagged big literals from parseJsonKeepingBigInts.
const u64 = z.union([z.number(), z.string()]).transform((v, ctx) => {
  if (typeof v === "number") {
    if (!Number.isSafeInteger(v) || v < 0) {
      ctx.addIssue({ code: "custom", message: `must be a non-negative integer, got ${v}` });
      return z.NEVER;
    }
    return BigInt(v);
  }
  if (!isBigTagged(v)) {
    ctx.addIssue({ code: "custom", message: "must be an integer, got a string" });
    return z.NEVER;
  }
  const b = BigInt(v.slice(BIG_TAG.length));
  if (b < 0n || b > U64_MAX) {
    ctx.addIssue({ code: "custom", message: "must fit in an unsigned 64-bit integer" });
    return z.NEVER;
  }
  return b;
});
const u16 = z.number().int().min(0).max(65535);
const i16 = z.number().int().min(-32768).max(32767);
const uidKey = z.string().regex(/^\d+$/, "keys must be uids (decimal integers)");

// Every scenario hyperparameter (yuma-scenario.md and yuma3.md); a step may change any of them.
const hyperparametersSchema = z
  .object({
    kappa: u16.optional(),
    bonds_moving_average: u64.optional(),
    activity_cutoff: u64.optional(),
    max_allowed_validators: u16.optional(),
    yuma3_enabled: z.boolean().optional(),
    liquid_alpha_enabled: z.boolean().optional(),
    alpha_low: u16.optional(),
    alpha_high: u16.optional(),
    alpha_sigmoid_steepness: i16.optional(),
    bonds_penalty: u16.optional(),
    bonds_reset_enabled: z.boolean().optional(),
  })
  .strict();
type Hyperparameters = z.infer<typeof hyperparametersSchema>;

const stepSchema = z
  .object({
    block: u64,
    hyperparameters: hyperparametersSchema.optional(),
    stake: z.record(uidKey, u64).optional(),
    replace: z.object({ uid: u16 }).strict().optional(),
    weights: z.record(uidKey, z.array(z.tuple([u16, u16]))).optional(),
    reset_bonds: z.object({ uid: u16 }).strict().optional(),
    epoch: z.boolean().optional(),
  })
  .strict();

const scenarioSchema = z
  .object({
    name: z.string().optional(),
    source: z.string().optional(),
    description: z.string().optional(),
    n: z.number().int().min(1).max(4096),
    hyperparameters: hyperparametersSchema.optional(),
    emission_per_epoch: u64,
    stake: z.array(u64),
    block_at_registration: z.array(u64).optional(),
    steps: z.array(stepSchema).max(10_000),
    expect: z.unknown().optional(),
  })
  .strict();

/** Each scenario key's variant of the runtime's `ScenarioParam`. */
const STEP_PARAM: Record<keyof Hyperparameters, string> = {
  kappa: "Kappa",
  bonds_moving_average: "BondsMovingAverage",
  activity_cutoff: "ActivityCutoff",
  max_allowed_validators: "MaxAllowedValidators",
  yuma3_enabled: "Yuma3Enabled",
  liquid_alpha_enabled: "LiquidAlphaEnabled",
  alpha_low: "AlphaLow",
  alpha_high: "AlphaHigh",
  alpha_sigmoid_steepness: "AlphaSigmoidSteepness",
  bonds_penalty: "BondsPenalty",
  bonds_reset_enabled: "BondsResetEnabled",
};

/** A step's hyperparameters as the runtime's `ScenarioParam` list, in the file's key order. */
function stepParams(hp: Hyperparameters | undefined): YumaScenarioParam[] {
  return Object.entries(hp ?? {})
    .filter(([, v]) => v !== undefined)
    .map(([key, v]) => ({ [STEP_PARAM[key as keyof Hyperparameters]]: v }) as YumaScenarioParam);
}

/** The bond options of the top-level hyperparameters, the rest at the spec's defaults. */
function bondsConfig(hp: Hyperparameters): YumaBondsConfig {
  const d = DEFAULT_BONDS_CONFIG;
  return {
    yuma3Enabled: hp.yuma3_enabled ?? d.yuma3Enabled,
    liquidAlphaEnabled: hp.liquid_alpha_enabled ?? d.liquidAlphaEnabled,
    alphaLow: hp.alpha_low ?? d.alphaLow,
    alphaHigh: hp.alpha_high ?? d.alphaHigh,
    alphaSigmoidSteepness: hp.alpha_sigmoid_steepness ?? d.alphaSigmoidSteepness,
    bondsPenalty: hp.bonds_penalty ?? d.bondsPenalty,
    bondsResetEnabled: hp.bonds_reset_enabled ?? d.bondsResetEnabled,
  };
}

function fieldOf(path: ReadonlyArray<PropertyKey>): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s || "(root)";
}

function fail(field: string, reason: string): never {
  throw new ScenarioError({ code: "SCENARIO_INVALID", field, reason }, `scenario ${field}: ${reason}`);
}

/** Parse a scenario file's text (yuma-scenario.md), apply the defaults, check uids against n. */
export function parseScenario(text: string): YumaScenario {
  let raw: unknown;
  try {
    raw = parseJsonKeepingBigInts(text);
  } catch (err) {
    fail("(file)", `not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  const parsed = scenarioSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue && "keys" in issue ? (issue.keys as string[]) : [];
    const field = fieldOf([...(issue?.path ?? []), ...(keys.length ? [keys[0] as string] : [])]);
    fail(field, keys.length ? "unknown field" : (issue?.message ?? "invalid"));
  }
  const s = parsed.data;
  const n = s.n;
  const checkUid = (field: string, uid: number) => {
    if (uid >= n) fail(field, `uid ${uid} out of range (n = ${n})`);
    return uid;
  };
  if (s.stake.length !== n) fail("stake", `has ${s.stake.length} entries, n is ${n}`);
  const bar = s.block_at_registration ?? Array.from({ length: n }, () => 0n);
  if (bar.length !== n) fail("block_at_registration", `has ${bar.length} entries, n is ${n}`);
  const hp = s.hyperparameters ?? {};
  const steps: YumaScenarioStep[] = s.steps.map((st, i) => ({
    block: st.block,
    stake: Object.entries(st.stake ?? {}).map(([k, v]) => [checkUid(`steps[${i}].stake.${k}`, Number(k)), v] as [number, bigint]),
    replace: st.replace ? checkUid(`steps[${i}].replace.uid`, st.replace.uid) : null,
    weights: Object.entries(st.weights ?? {}).map(([k, row]) => [
      checkUid(`steps[${i}].weights.${k}`, Number(k)),
      row.map(([u, v], j) => [checkUid(`steps[${i}].weights.${k}[${j}]`, u), v] as [number, number]),
    ]),
    epoch: st.epoch ?? false,
    hyperparameters: stepParams(st.hyperparameters),
    resetBonds: st.reset_bonds ? checkUid(`steps[${i}].reset_bonds.uid`, st.reset_bonds.uid) : null,
  }));
  return {
    n,
    kappa: hp.kappa ?? 32767,
    bondsMovingAverage: hp.bonds_moving_average ?? 900_000n,
    activityCutoff: hp.activity_cutoff ?? 5000n,
    maxAllowedValidators: hp.max_allowed_validators ?? n,
    emissionPerEpoch: s.emission_per_epoch,
    stake: s.stake,
    blockAtRegistration: bar,
    steps,
    bondsConfig: bondsConfig(hp),
  };
}
