import { z } from "zod";
import type { YumaScenario, YumaScenarioStep } from "../../../chain/client/scenario-types.js";
import { MeshtensorError } from "../../../lib/errors.js";
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
const uidKey = z.string().regex(/^\d+$/, "keys must be uids (decimal integers)");

const stepSchema = z
  .object({
    block: u64,
    stake: z.record(uidKey, u64).optional(),
    replace: z.object({ uid: u16 }).strict().optional(),
    weights: z.record(uidKey, z.array(z.tuple([u16, u16]))).optional(),
    epoch: z.boolean().optional(),
  })
  .strict();

const scenarioSchema = z
  .object({
    name: z.string().optional(),
    source: z.string().optional(),
    description: z.string().optional(),
    n: z.number().int().min(1).max(4096),
    hyperparameters: z
      .object({
        kappa: u16.optional(),
        bonds_moving_average: u64.optional(),
        activity_cutoff: u64.optional(),
        max_allowed_validators: u16.optional(),
      })
      .strict()
      .optional(),
    emission_per_epoch: u64,
    stake: z.array(u64),
    block_at_registration: z.array(u64).optional(),
    steps: z.array(stepSchema).max(10_000),
    expect: z.unknown().optional(),
  })
  .strict();

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
  };
}
