import type { ExecutionProvider } from "./options.js";
import type { NamedTensors, TensorSpec } from "./tensor.js";

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
