/**
 * Base of every typed error in meshtensor (the lodestar `LodestarError<{code}>` pattern):
 * the payload is a discriminated union on `code`, so callers switch on `err.type.code`
 * instead of parsing messages.
 */
export interface ErrorPayload {
  code: string;
}

export class MeshtensorError<T extends ErrorPayload = ErrorPayload> extends Error {
  readonly type: T;

  constructor(type: T, message?: string, options?: { cause?: unknown }) {
    super(message ?? type.code, options);
    this.type = type;
    this.name = new.target.name;
  }

  get code(): T["code"] {
    return this.type.code;
  }

  /** Structured form for logs and `--json` output; never includes secrets (payloads must not carry them). */
  toJSON(): { name: string; message: string } & T {
    return { name: this.name, message: this.message, ...this.type };
  }
}

/** True when `err` is a MeshtensorError with the given code. */
export function hasErrorCode<C extends string>(err: unknown, code: C): err is MeshtensorError<{ code: C }> {
  return err instanceof MeshtensorError && err.type.code === code;
}

/**
 * The message of anything thrown: an error's own message, else the value as a string. Replaces
 * `(err as Error).message`, which reads undefined from a thrown string and throws on null.
 */
export function errorMessage(err: unknown): string {
  if (typeof err === "object" && err !== null && "message" in err && typeof err.message === "string") return err.message;
  return String(err);
}
