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

/** A message from the payload when the thrower gave none, so every error reads as what went wrong. */
function describe(t: InferenceErrorType): string {
  switch (t.code) {
    case "MODEL_NOT_FOUND":
      return `model file ${t.path} not found`;
    case "MODEL_TOO_LARGE":
      return `model file ${t.path} is ${t.bytes} bytes, over ${t.maxBytes}`;
    case "MODEL_HASH_MISMATCH":
      return `model file ${t.path} has sha256 ${t.actual}, configured ${t.expected}`;
    case "MODEL_CORRUPT":
      return `model ${t.path} could not be loaded: ${t.reason}`;
    case "MODEL_UNSUPPORTED":
      return `model ${t.path} is not supported: ${t.reason}`;
    case "BAD_INPUT":
      return `bad input ${t.field}: ${t.reason}`;
    case "NOT_STARTED":
      return "inference engine not started";
    case "STOPPED":
      return "inference engine stopped";
    case "QUEUE_FULL":
      return `inference queue full (${t.depth} waiting)`;
    case "ABORTED":
      return "inference request aborted";
    case "RUN_FAILED":
      return `inference run failed: ${t.reason}`;
  }
}

export class InferenceError extends MeshtensorError<InferenceErrorType> {
  constructor(type: InferenceErrorType, message?: string, options?: { cause?: unknown }) {
    super(type, message ?? describe(type), options);
  }
}

export function badInput(field: string, reason: string): InferenceError {
  return new InferenceError({ code: "BAD_INPUT", field, reason }, `bad input ${field}: ${reason}`);
}
