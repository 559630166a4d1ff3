import { MeshtensorError } from "../../lib/errors.js";

export type InferenceErrorType =
  | { code: "MODEL_NOT_FOUND"; path: string }
  | { code: "MODEL_TOO_LARGE"; path: string; bytes: number; maxBytes: number }
  | { code: "MODEL_HASH_MISMATCH"; path: string; expected: string; actual: string }
  | { code: "MODEL_CORRUPT"; path: string; reason: string }
  | { code: "MODEL_UNSUPPORTED"; path: string; reason: string }
  | { code: "BAD_INPUT"; field: string; reason: string }
  | { code: "NOT_STARTED" }
  | { code: "STOPPED" }
  | { code: "QUEUE_FULL"; depth: number }
  | { code: "ABORTED" }
  | { code: "RUN_FAILED"; reason: string };

export class InferenceError extends MeshtensorError<InferenceErrorType> {}

export function badInput(field: string, reason: string): InferenceError {
  return new InferenceError({ code: "BAD_INPUT", field, reason }, `bad input ${field}: ${reason}`);
}
