import { type LevelWithSilent, type Logger, pino } from "pino";

export type { Logger } from "pino";

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Extra fields on every line, e.g. `{ role: "validator" }`. */
  base?: Record<string, unknown>;
}

/**
 * The one pino root of a process. Parts get `root.child({ module })` from the composition root;
 * nothing else creates loggers. Level from options, else MESHTENSOR_LOG_LEVEL, else "info"
 * ("silent" under vitest unless asked for).
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const envLevel = process.env.MESHTENSOR_LOG_LEVEL as LevelWithSilent | undefined;
  const defaultLevel: LevelWithSilent = process.env.VITEST ? "silent" : "info";
  return pino({
    level: options.level ?? envLevel ?? defaultLevel,
    base: options.base ?? {},
    redact: {
      paths: ["password", "mnemonic", "seed", "secret", "*.password", "*.mnemonic", "*.seed", "*.secret"],
      censor: "[redacted]",
    },
  });
}

/** A logger that drops everything, for tests and library callers that pass none. */
export function silentLogger(): Logger {
  return pino({ level: "silent" });
}
