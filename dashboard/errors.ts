import { MeshtensorError } from "../lib/errors.js";

export type DashboardErrorType =
  | { code: "INVALID_OPTIONS"; field: string; reason: string }
  | { code: "LISTEN_FAILED"; host: string; port: number; reason: string }
  | { code: "BUNDLE_FAILED"; reason: string }
  /** An HTTP request the server refuses: the status it answers with and why. */
  | { code: "BAD_REQUEST"; field: string; reason: string }
  | { code: "NOT_FOUND"; what: string }
  | { code: "CHAIN_UNAVAILABLE"; endpoint: string; reason: string };

/** Failures of the dashboard server; request errors carry what the page shows. */
export class DashboardError extends MeshtensorError<DashboardErrorType> {}

/** The HTTP status a request error is answered with. */
export function httpStatusOf(err: DashboardError): number {
  switch (err.type.code) {
    case "BAD_REQUEST":
    case "INVALID_OPTIONS":
      return 400;
    case "NOT_FOUND":
      return 404;
    case "CHAIN_UNAVAILABLE":
      return 503;
    default:
      return 500;
  }
}
