/**
 * The subnet SDK's inference contract: what a subnet that runs models asks of the node. Subnets
 * receive an `InferenceEngineFactory` in their `SubnetContext` and never import `node/inference`;
 * `node/inference` fulfils this contract with onnxruntime (the only code that imports it).
 *
 * Tensors are plain typed arrays, so nothing outside `node/inference` needs onnxruntime types.
 */

export type TensorDtype = "float32" | "float64" | "int32" | "int64" | "uint8" | "int8" | "bool";

export type TensorData = Float32Array | Float64Array | Int32Array | BigInt64Array | Uint8Array | Int8Array;

export interface Tensor {
  dtype: TensorDtype;
  dims: readonly number[];
  data: TensorData;
}

/** One named input or output of a model, as the model file declares it. */
export interface TensorSpec {
  name: string;
  dtype: TensorDtype;
  /** A number is a fixed dimension; a string is a symbolic (dynamic) one, e.g. "batch". */
  dims: ReadonlyArray<number | string>;
}

export type NamedTensors = Record<string, Tensor>;

/** The typed-array class each dtype is carried in (bool travels as bytes). */
export function allocate(dtype: TensorDtype, length: number): TensorData {
  switch (dtype) {
    case "float32":
      return new Float32Array(length);
    case "float64":
      return new Float64Array(length);
    case "int32":
      return new Int32Array(length);
    case "int64":
      return new BigInt64Array(length);
    case "uint8":
    case "bool":
      return new Uint8Array(length);
    case "int8":
      return new Int8Array(length);
  }
}

export type ExecutionProvider = "cuda" | "webgpu" | "cpu";

/** Why a GPU provider was passed over when a model was loaded. */
export type FallbackCode = "NOT_INSTALLED" | "LIBRARY_MISSING" | "NO_DEVICE" | "FAILED";

export interface InferenceStats {
  /** Session runs (batches) since start, warm-up excluded. */
  runs: number;
  requests: number;
  rows: number;
}

/**
 * One model, loaded and checked, served with dynamic batching. `infer` takes one request's
 * named inputs (first dimension = its rows) and resolves with that request's outputs only.
 */
export interface InferenceEngine {
  start(): Promise<void>;
  stop(): Promise<void>;
  infer(inputs: NamedTensors, options?: { signal?: AbortSignal }): Promise<NamedTensors>;
  /** The provider the session actually runs on (after any fallback). Valid after start(). */
  readonly provider: ExecutionProvider;
  readonly sha256: string;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  stats(): InferenceStats;
}

/**
 * What a subnet may ask of one engine: one model file and how to serve it. The node validates
 * these (and fills the defaults) with its own schema, `node/inference/options.ts`.
 */
export interface InferenceEngineOptions {
  modelPath: string;
  /** Lower-case hex sha256 of the model file; the file is refused when it differs. */
  sha256: string;
  /** Providers in order of preference; absent: CUDA when installed, else CPU. */
  executionProviders?: ExecutionProvider[] | undefined;
  /** Rows per batch (the first dimension). */
  maxBatch?: number | undefined;
  /** How long the first request of a batch may wait for company. */
  maxWaitMs?: number | undefined;
  maxQueue?: number | undefined;
  maxInputBytes?: number | undefined;
  /** Ceiling for any dynamic dimension. */
  maxDimension?: number | undefined;
  maxModelBytes?: number | undefined;
  rejectNonFinite?: boolean | undefined;
  warmup?: boolean | undefined;
  intraOpThreads?: number | undefined;
  /** "main": on the calling thread; "worker": in a worker thread, so the node keeps answering. */
  thread?: "main" | "worker" | undefined;
}

/** How a subnet gets an engine: the node hands one in `SubnetContext.inference`. */
export type InferenceEngineFactory = (options: InferenceEngineOptions) => InferenceEngine;

/** The factory for a context whose subnet runs no model (tests, tools): asking it for an engine throws. */
export function noInference(): InferenceEngineFactory {
  return (options) => {
    throw new Error(`no inference engine in this context (asked for ${options.modelPath})`);
  };
}

/** What an engine reports; the node's metrics part passes one built on its registry, or null. */
export interface InferenceMetrics {
  observeRun(model: string, seconds: number, rows: number): void;
  setQueueDepth(model: string, depth: number): void;
  countRequest(model: string, outcome: "ok" | "bad_input" | "refused" | "error"): void;
  /** The provider a model's session actually runs on (1 for it, 0 for the others). */
  setProvider(model: string, provider: ExecutionProvider): void;
  /** A provider asked for and passed over at load, by reason (NOT_INSTALLED, LIBRARY_MISSING, NO_DEVICE, FAILED). */
  countFallback(model: string, provider: ExecutionProvider, reason: FallbackCode): void;
}
