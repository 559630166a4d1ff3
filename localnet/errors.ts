import { MeshtensorError } from "../lib/errors.js";

export type LocalnetErrorType =
  | { code: "INVALID_CONFIG"; field: string; reason: string }
  | { code: "CONFIG_NOT_FOUND"; path: string }
  | { code: "PROVISION_FAILED"; step: string; reason: string }
  | { code: "PROCESS_FAILED"; name: string; exitCode: number | null; signal: string | null }
  | { code: "PROCESS_NOT_READY"; name: string; waitedMs: number }
  | { code: "EPOCH_TIMEOUT"; netuid: number; waitedMs: number }
  | { code: "NOTHING_TO_COPY" }
  | { code: "MINER_OFFLINE"; afterMs: number };

/** Failures of the localnet orchestration; each names the step, field or process that failed. */
export class LocalnetError extends MeshtensorError<LocalnetErrorType> {}
