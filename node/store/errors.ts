import { MeshtensorError } from "../../lib/errors.js";

export type StoreErrorType =
  | { code: "LOCKED"; path: string }
  | { code: "OPEN_FAILED"; path: string; reason: string }
  | { code: "NOT_OPEN" }
  | { code: "WRITE_FAILED"; path: string; reason: string }
  | { code: "CORRUPT"; table: string; key: string; reason: string }
  | { code: "CORRUPT_STORE"; path: string; table: string; reason: string }
  | { code: "OPEN_TIMEOUT"; path: string; ms: number }
  | { code: "BAD_PATH"; path: string; reason: string };

export class StoreError extends MeshtensorError<StoreErrorType> {
  constructor(type: StoreErrorType, message?: string, options?: { cause?: unknown }) {
    super(type, message ?? describe(type), options);
  }
}

function describe(type: StoreErrorType): string {
  switch (type.code) {
    case "LOCKED":
      return `store at ${type.path} is locked: is another node using this data directory?`;
    case "OPEN_FAILED":
      return `could not open store at ${type.path}: ${type.reason}`;
    case "NOT_OPEN":
      return "store is not open";
    case "WRITE_FAILED":
      return `could not write to the store at ${type.path} (disk full or read-only?): ${type.reason}`;
    case "CORRUPT":
      return `stored ${type.table} record "${type.key}" is unreadable: ${type.reason}`;
    case "CORRUPT_STORE":
      return `store at ${type.path} is corrupted (table ${type.table}: ${type.reason}); move that directory aside and restart (scores start over, nonce floors start at the current time)`;
    case "OPEN_TIMEOUT":
      return `store at ${type.path} did not open within ${type.ms} ms: is dataDir on a usable local file system?`;
    case "BAD_PATH":
      return `cannot create the store directory ${type.path}: ${type.reason} (check dataDir)`;
  }
}
