import { MeshtensorError } from "../../lib/errors.js";

export type AppErrorType = { code: "PORT_IN_USE"; key: string; address: string };

/** Errors of starting a node that name the config key to change. */
export class AppError extends MeshtensorError<AppErrorType> {
  constructor(type: AppErrorType, options?: { cause?: unknown }) {
    super(type, describe(type), options);
  }
}

function describe(type: AppErrorType): string {
  switch (type.code) {
    case "PORT_IN_USE":
      return `${type.key}: ${type.address} is already in use (another node running with this config?); set ${type.key} to a free port or stop the other process`;
  }
}

/** Whether a start failure is a listen address already taken (EADDRINUSE, or libp2p's wrapping of it). */
export function isAddressInUse(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if ((e as NodeJS.ErrnoException).code === "EADDRINUSE") return true;
    if (/EADDRINUSE|failed to be listened on/.test(e.message)) return true;
    const nested = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(nested) && nested.some(isAddressInUse)) return true;
  }
  return false;
}
