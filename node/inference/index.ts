export type { InferenceMetrics } from "../../lib/inference.js";
export { createInferenceEngine, type InferenceDeps, inferenceEngineFactory } from "./engine.js";
export { InferenceError, type InferenceErrorType } from "./errors.js";
export type { InferenceEngine, InferenceEngineFactory, InferenceStats } from "./interface.js";
export { sha256Hex } from "./model-file.js";
export { type ExecutionProvider, type InferenceOptions, type InferenceOptionsInput, inferenceOptionsSchema } from "./options.js";
export {
  classifyProviderError,
  type FallbackCode,
  type ProviderFallback,
  planProviders,
} from "./providers.js";
export { bindingDir, cudaProviderInstalled, type ModelSession, openSession } from "./session.js";
export {
  allocate,
  elementCount,
  type NamedTensors,
  type Tensor,
  type TensorData,
  type TensorDtype,
  type TensorSpec,
} from "./tensor.js";
export { openWorkerSession } from "./worker-session.js";
