import type { ExecutionProvider } from "./options.js";
import type { ProviderFallback } from "./providers.js";
import type { NamedTensors, TensorSpec } from "./tensor.js";

/** Messages between the engine and its inference worker thread. */
export type ToWorker =
  | {
      type: "open";
      bytes: Uint8Array;
      options: { path: string; executionProviders?: ExecutionProvider[]; intraOpThreads?: number };
    }
  | { type: "run"; id: number; feeds: NamedTensors }
  | { type: "release" };

export type FromWorker =
  | { type: "opened"; provider: ExecutionProvider; fallbacks: ProviderFallback[]; inputs: TensorSpec[]; outputs: TensorSpec[] }
  | { type: "result"; id: number; outputs: NamedTensors }
  | { type: "error"; id: number; error: { code: string; reason: string; message: string } }
  | { type: "log"; line: string }
  | { type: "released" };
