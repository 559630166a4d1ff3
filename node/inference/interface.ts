// The engine's contract is the subnet SDK's (lib/inference.ts); this folder fulfils it.
export type { InferenceEngine, InferenceEngineFactory, InferenceStats } from "../../lib/inference.js";
