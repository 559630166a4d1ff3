import {
  allocate,
  createInferenceEngine,
  type InferenceEngine,
  type NamedTensors,
  type TensorSpec,
} from "../../node/inference/index.js";
import { parseSubnetOptions, SubnetError } from "../sdk/errors.js";
import type { ScoredItem, SubnetContext, SubnetValidator } from "../sdk/interface.js";
import { createRng, type Rng, randomSeed } from "../sdk/rng.js";
import { decodeTensors, encodeTensors } from "./codec.js";
import { DEFAULT_MODEL_PATH, DEFAULT_MODEL_SHA256 } from "./model.js";
import { type InferenceValidatorOptions, inferenceValidatorOptionsSchema } from "./options.js";
import { type InferenceRequest, type InferenceResponse, inferenceResponseSchema } from "./protocol.js";
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
 * Verified inference: random inputs for the named model; a `verifyRate` sample of answers is
 * re-executed locally and compared within a tolerance. A miner caught once scores 0 for
 * `penaltyMs`; correct miners are ranked by throughput (rows per second of latency), so faster
 * hardware earns more.
 */
export async function createInferenceValidator(
  context: SubnetContext,
  deps: InferenceValidatorDeps = {},
): Promise<InferenceValidator> {
  const options = parseSubnetOptions("inference", inferenceValidatorOptionsSchema, context.options);
  const now = deps.now ?? Date.now;
  const rng = createRng(options.seed ?? randomSeed());
  const sha256 = options.modelSha256 ?? DEFAULT_MODEL_SHA256;
  const engine = createInferenceEngine(
    {
      modelPath: options.modelPath ?? DEFAULT_MODEL_PATH,
      sha256,
      maxBatch: Math.max(options.rows, 16),
      maxWaitMs: 0,
      ...(options.executionProviders ? { executionProviders: options.executionProviders } : {}),
    },
    { logger: context.logger, metrics: context.inferenceMetrics ?? null },
  );
  await engine.start();
  const shapes = inputShapes(engine.inputs, options);
  const penalties = new Map<number, number>();
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
      for (const [uid, until] of penalties) if (until <= t) penalties.delete(uid);
      last = [];
      const throughput: number[] = [];
      const duplicated = duplicatedAnswers(items);
      for (const [i, item] of items.entries()) {
        const record = await check(item, engine, options, rng, duplicated.has(i));
        if (record.caught) {
          penalties.set(item.uid, t + options.penaltyMs);
          context.logger.info({ uid: item.uid, reason: record.reason }, "inference miner caught returning wrong outputs");
        }
        last.push(record);
        const ok = item.outcome.ok && !record.caught && !penalties.has(item.uid) && record.reason === undefined;
        const rows = (item.challenge.secret as InferenceSecret).rows;
        throughput.push(ok && item.outcome.ok ? rows / Math.max(item.outcome.latencyMs, 1) : 0);
      }
      const best = Math.max(0, ...throughput);
      return throughput.map((x) => (best > 0 ? x / best : 0));
    },
    penalized: () => new Map(penalties),
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
    const outputs = (item.outcome.response as { outputs?: Record<string, { data?: unknown }> }).outputs ?? {};
    const key = Object.entries(outputs)
      .map(([name, t]) => `${name}=${String(t?.data)}`)
      .join("|");
    seen.set(key, [...(seen.get(key) ?? []), i]);
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
  rng: Rng,
  forceVerify: boolean,
): Promise<VerificationRecord> {
  // Drawn for every item, answered or not, so a miner cannot learn which answers get checked.
  const verify = rng.next() < options.verifyRate || forceVerify;
  if (!item.outcome.ok) return { uid: item.uid, verified: false, caught: false, reason: item.outcome.reason };
  const secret = item.challenge.secret as InferenceSecret;
  const parsed = inferenceResponseSchema.safeParse(item.outcome.response);
  if (!parsed.success) return { uid: item.uid, verified: false, caught: true, reason: "malformed response" };
  let outputs: NamedTensors;
  try {
    outputs = decodeTensors(parsed.data.outputs, "outputs");
  } catch (err) {
    return { uid: item.uid, verified: false, caught: true, reason: (err as Error).message };
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
