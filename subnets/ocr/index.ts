import type { SubnetDefinition } from "../sdk/interface.js";
import { createOcrMiner } from "./miner.js";
import { type OcrRequest, type OcrResponse, ocrRequestSchema, ocrResponseSchema } from "./protocol.js";
import { createOcrValidator } from "./validator.js";

const QUERY_TIMEOUT_MS = 10_000;

/** Subnet "ocr": read the text in an image (PaddleOCR v4 detection, direction, recognition). */
export const ocrSubnet: SubnetDefinition<OcrRequest, OcrResponse> = {
  name: "ocr",
  version: 1,
  requestSchema: ocrRequestSchema,
  responseSchema: ocrResponseSchema,
  queryTimeoutMs: QUERY_TIMEOUT_MS,
  suggestedHyperparameters: {
    // A CPU miner needs ~0.3 s per image; rounds of a few seconds, weights every ~100 blocks.
    tempo: 360,
    weightsRateLimit: 100n,
    immunityPeriod: 4096,
    minAllowedWeights: 1,
    maxWeightLimit: 65535,
    commitRevealEnabled: true,
  },
  createMiner: (context) => createOcrMiner(context),
  createValidator: (context) => createOcrValidator(context, QUERY_TIMEOUT_MS),
};

export { createOcrMiner } from "./miner.js";
export { createOcrPipeline, type OcrPipeline } from "./pipeline.js";
export {
  type OcrLine,
  type OcrRequest,
  type OcrResponse,
  ocrRequestSchema,
  ocrResponseSchema,
  responseText,
} from "./protocol.js";
export { renderChallenge } from "./render.js";
export { characterErrorRate, latencyFactor, ocrReward } from "./reward.js";
export { boxesHoldText, createOcrValidator, type OcrSecret } from "./validator.js";
