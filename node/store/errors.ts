import { MeshtensorError } from "../../lib/errors.js";

export type StoreErrorType =
  | { code: "LOCKED"; path: string }
  | { code: "OPEN_FAILED"; path: string; reason: string }
  | { code: "NOT_OPEN" }
  | { code: "WRITE_FAILED"; path: string; reason: string }
  | { code: "CORRUPT"; table: string; key: string; reason: string };

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
  }
}
