import { MeshtensorError } from "../../lib/errors.js";

export type DevChainErrorType =
  | { code: "PORT_IN_USE"; host: string; port: number }
  | { code: "CHAIN_SPEC_MISSING"; path: string }
  | { code: "START_FAILED"; reason: string }
  | { code: "NOT_STARTED" }
  | { code: "INVALID_OPTIONS"; field: string; reason: string }
  | { code: "NODE_BINARY_MISSING"; path: string }
  | { code: "NODE_EXITED"; name: string; exitCode: number | null; signal: string | null; logTail: string }
  | { code: "UNSUPPORTED"; reason: string };

export class DevChainError extends MeshtensorError<DevChainErrorType> {}
