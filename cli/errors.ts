import { MeshtensorError } from "../lib/errors.js";

export type CliErrorType = { code: "USAGE"; reason: string } | { code: "FAILED"; reason: string };

/** CLI-level failures. USAGE (bad flags, malformed input files) exits 2; everything else exits 1. */
export class CliError extends MeshtensorError<CliErrorType> {
  static usage(reason: string): CliError {
    return new CliError({ code: "USAGE", reason }, reason);
  }
  static failed(reason: string): CliError {
    return new CliError({ code: "FAILED", reason }, reason);
  }
}

/** Exit code for an error: 2 for usage/malformed input, 1 otherwise. */
export function exitCodeOf(err: unknown): number {
  if (err instanceof MeshtensorError) {
    const code = err.type.code;
    if (
      code === "USAGE" ||
      code === "INVALID_ARGUMENT" ||
      code === "INVALID_NAME" ||
      code === "INVALID_MNEMONIC" ||
      code === "SCENARIO_INVALID"
    )
      return 2;
  }
  return 1;
}

/** The one line a failed command prints: the typed error's message, with its pallet error name when it has one. */
export function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.split("\n")[0] ?? msg;
}
