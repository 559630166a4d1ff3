import { fileURLToPath } from "node:url";

/**
 * The model this subnet names by default: the MLP `scripts/gen-mlp-model.ts` writes
 * (64 -> 256 -> 256 -> 10, seed 7). Another ONNX model is named by setting `modelPath` and
 * `modelSha256` in both the miner's and the validator's subnet options.
 */
export const DEFAULT_MODEL_PATH = fileURLToPath(new URL("./models/mlp.onnx", import.meta.url));
export const DEFAULT_MODEL_SHA256 = "6aa8eacde814f6b1494c7a62d68b483484e2f4bd8f37e5186db9ed633a4a9fa2";
