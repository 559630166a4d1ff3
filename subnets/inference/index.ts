import type { SubnetDefinition } from "../sdk/interface.js";
import { createInferenceMiner } from "./miner.js";
import { type InferenceRequest, type InferenceResponse, inferenceRequestSchema, inferenceResponseSchema } from "./protocol.js";
import { createInferenceValidator } from "./validator.js";

/** Subnet "inference": verified model serving, ranked by throughput. */
export const inferenceSubnet: SubnetDefinition<InferenceRequest, InferenceResponse> = {
  name: "inference",
  version: 1,
  requestSchema: inferenceRequestSchema,
  responseSchema: inferenceResponseSchema,
  queryTimeoutMs: 2_000,
  suggestedHyperparameters: {
    // Short queries: frequent rounds, so throughput differences show quickly in the scores.
    tempo: 100,
    weightsRateLimit: 50n,
    immunityPeriod: 4096,
    minAllowedWeights: 1,
    maxWeightLimit: 65535,
    commitRevealEnabled: true,
  },
  createMiner: (context) => createInferenceMiner(context),
  createValidator: (context) => createInferenceValidator(context),
};

export { decodeTensor, decodeTensors, encodeTensor, encodeTensors } from "./codec.js";
export { createInferenceMiner } from "./miner.js";
export { DEFAULT_MODEL_PATH, DEFAULT_MODEL_SHA256 } from "./model.js";
export {
  type InferenceRequest,
  type InferenceResponse,
  inferenceRequestSchema,
  inferenceResponseSchema,
  type WireTensor,
} from "./protocol.js";
export { createInferenceValidator, type InferenceSecret, type InferenceValidator, type VerificationRecord } from "./validator.js";
export { compareOutputs, shapeMatches, type Tolerance } from "./verify.js";
