import { errorMessage } from "../../lib/errors.js";
import { allocate, type InferenceEngine, type NamedTensors, type TensorSpec } from "../../lib/inference.js";
import { parseSubnetOptions, SubnetError } from "../sdk/errors.js";
import {
  CAUGHT,
  isCaught,
  isPending,
  PENDING,
  type ScoredItem,
  type SubnetContext,
  type SubnetValidator,
} from "../sdk/interface.js";
import { createRng, type Rng, randomSeed } from "../sdk/rng.js";
import { decodeTensors, encodeTensors } from "./codec.js";
import { createMinerLedger } from "./ledger.js";
import { DEFAULT_MODEL_PATH, DEFAULT_MODEL_SHA256 } from "./model.js";
import { type InferenceValidatorOptions, inferenceValidatorOptionsSchema } from "./options.js";
import { type InferenceRequest, type InferenceResponse, inferenceResponseSchema } from "./protocol.js";
import { answerKey, createAnswerMemory } from "./replay.js";
import { compareOutputs, shapeMatches } from "./verify.js";

export interface InferenceSecret {
  inputs: NamedTensors;
  rows: number;
}

export interface InferenceValidatorDeps {
  /** Clock for the penalty window (ms). */
  now?: () => number;
}

/** What one round found, for logs and tests. */
export interface VerificationRecord {
  uid: number;
  verified: boolean;
  caught: boolean;
  reason?: string;
}

export interface InferenceValidator extends SubnetValidator<InferenceRequest, InferenceResponse> {
  /** Uids in their penalty window, with the time it ends. */
  penalized(): Map<number, number>;
  lastRound(): VerificationRecord[];
}

/**
 * Verified inference: random inputs for the named model, per miner. Each answer is checked for
 * shape, and against every answer the validator saw before (a replay is caught outright); a
 * miner's first `warmupVerified` answers and a `verifyRate` sample after that are re-executed
 * locally and compared within a tolerance. Only verified work is paid: warm-up answers prove
 * the miner and earn nothing (PENDING), later answers not re-executed are PENDING (the miner's moving average
 * stays), re-executed correct ones are ranked by throughput (rows per ms of the validator's own
 * latency, relative to the best in the round). A caught answer scores CAUGHT (the node resets
 * the moving average) and the miner scores 0 for `penaltyMs`, then warms up again.
 */
export async function createInferenceValidator(
  context: SubnetContext,
  deps: InferenceValidatorDeps = {},
): Promise<InferenceValidator> {
  const options = parseSubnetOptions("inference", inferenceValidatorOptionsSchema, context.options);
  const now = deps.now ?? Date.now;
  const rng = createRng(options.seed ?? randomSeed());
  const sha256 = options.modelSha256 ?? DEFAULT_MODEL_SHA256;
  const engine = context.inference({
    modelPath: options.modelPath ?? DEFAULT_MODEL_PATH,
    sha256,
    maxBatch: Math.max(options.rows, 16),
    maxWaitMs: 0,
    ...(options.executionProviders ? { executionProviders: options.executionProviders } : {}),
  });
  await engine.start();
  const shapes = inputShapes(engine.inputs, options);
  const ledger = createMinerLedger({ warmupVerified: options.warmupVerified, penaltyMs: options.penaltyMs });
  const memory = createAnswerMemory(options.replayMemory);
  let last: VerificationRecord[] = [];

  return {
    async challenge() {
      const inputs: NamedTensors = {};
      for (const spec of engine.inputs) inputs[spec.name] = randomTensor(spec, shapes[spec.name] as number[], rng);
      const secret: InferenceSecret = { inputs, rows: options.rows };
      return { request: { modelSha256: sha256, inputs: encodeTensors(inputs) }, secret };
    },
    async score(items) {
      const t = now();
      last = [];
      const credited: number[] = [];
      const duplicated = duplicatedAnswers(items);
      const keys = items.map((item) => (item.outcome.ok ? answerKey(item.outcome.response) : null));
      for (const [i, item] of items.entries()) {
        // Drawn for every item, answered or not, so a miner cannot learn which answers get checked.
        const draw = rng.next() < options.verifyRate;
        const key = keys[i] ?? null;
        const replayed = key !== null && memory.seen(key);
        const warmingUp = ledger.warmingUp(item.uid);
        const verify = draw || duplicated.has(i) || warmingUp;
        const record = replayed
          ? { uid: item.uid, verified: false, caught: true, reason: "replayed an earlier answer" }
          : await check(item, engine, options, verify);
        last.push(record);
        if (record.caught) {
          ledger.caught(item.uid, t);
          context.logger.info({ uid: item.uid, reason: record.reason }, "inference miner caught returning wrong outputs");
          credited.push(CAUGHT);
          continue;
        }
        if (!item.outcome.ok || record.reason !== undefined) {
          credited.push(0);
          continue;
        }
        const rows = (item.challenge.secret as InferenceSecret).rows;
        if (record.verified) ledger.passed(item.uid);
        // Warm-up proves the miner and pays nothing: not a 0 folded in (the node would then count it
        // as judged), PENDING, so its first score is its first paid, checked answer.
        if (ledger.penalized(item.uid, t)) credited.push(0);
        else if (warmingUp) credited.push(PENDING);
        else credited.push(record.verified ? rows / Math.max(item.outcome.latencyMs, 1) : PENDING);
      }
      for (const key of keys) if (key !== null) memory.remember(key);
      const best = Math.max(0, ...credited.filter((x) => !isPending(x)));
      return credited.map((x) => (isCaught(x) || isPending(x) ? x : best > 0 ? x / best : 0));
    },
    penalized: () => ledger.penalties(now()),
    lastRound: () => [...last],
    close: () => engine.stop(),
  };
}

/**
 * Items whose outputs are byte-identical to another item's for a different challenge: different
 * random inputs cannot give equal outputs, so at least one of them copied. All of them are
 * re-executed; the honest original passes, the copies do not.
 */
function duplicatedAnswers(items: ReadonlyArray<ScoredItem<InferenceRequest, InferenceResponse>>): Set<number> {
  const seen = new Map<string, number[]>();
  items.forEach((item, i) => {
    if (!item.outcome.ok) return;
    const key = answerKey(item.outcome.response);
    if (key !== null) seen.set(key, [...(seen.get(key) ?? []), i]);
  });
  const out = new Set<number>();
  for (const group of seen.values()) {
    const challenges = new Set(group.map((i) => items[i]?.challenge));
    if (challenges.size > 1) for (const i of group) out.add(i);
  }
  return out;
}

async function check(
  item: ScoredItem<InferenceRequest, InferenceResponse>,
  engine: InferenceEngine,
  options: InferenceValidatorOptions,
  verify: boolean,
): Promise<VerificationRecord> {
  if (!item.outcome.ok) return { uid: item.uid, verified: false, caught: false, reason: item.outcome.reason };
  const secret = item.challenge.secret as InferenceSecret;
  const parsed = inferenceResponseSchema.safeParse(item.outcome.response);
  if (!parsed.success) return { uid: item.uid, verified: false, caught: true, reason: "malformed response" };
  let outputs: NamedTensors;
  try {
    outputs = decodeTensors(parsed.data.outputs, "outputs");
  } catch (err) {
    return { uid: item.uid, verified: false, caught: true, reason: errorMessage(err) };
  }
  const shape = shapeMatches(outputs, engine.outputs, secret.rows);
  if (!shape.ok) return { uid: item.uid, verified: false, caught: true, reason: `${shape.field}: ${shape.reason}` };
  if (!verify) return { uid: item.uid, verified: false, caught: false };
  const expected = await engine.infer(secret.inputs);
  const verdict = compareOutputs(expected, outputs, options);
  return verdict.ok
    ? { uid: item.uid, verified: true, caught: false }
    : { uid: item.uid, verified: true, caught: true, reason: `${verdict.field}: ${verdict.reason}` };
}

function inputShapes(specs: readonly TensorSpec[], options: InferenceValidatorOptions): Record<string, number[]> {
  const shapes: Record<string, number[]> = {};
  for (const spec of specs) {
    const given = options.inputDims?.[spec.name];
    shapes[spec.name] = spec.dims.map((d, i) => {
      if (i === 0) return options.rows;
      if (typeof d === "number") return d;
      const size = given?.[i];
      if (size === undefined) {
        const field = `inputDims.${spec.name}[${i}]`;
        const reason = `the model's dimension "${d}" is dynamic; give its size`;
        throw new SubnetError(
          { code: "BAD_OPTIONS", subnet: "inference", field, reason },
          `subnet inference option ${field}: ${reason}`,
        );
      }
      return size;
    });
  }
  return shapes;
}

function randomTensor(spec: TensorSpec, dims: number[], rng: Rng) {
  const n = dims.reduce((a, b) => a * b, 1);
  const data = allocate(spec.dtype, n);
  for (let i = 0; i < n; i++) {
    if (data instanceof BigInt64Array) data[i] = BigInt(rng.int(0, 9));
    else if (data instanceof Float32Array || data instanceof Float64Array) data[i] = rng.normal();
    else data[i] = rng.int(0, 9);
  }
  return { dtype: spec.dtype, dims, data };
}
