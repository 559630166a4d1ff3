import { MeshtensorError } from "../../lib/errors.js";

export type ConfigErrorType =
  | { code: "FILE_NOT_FOUND"; path: string }
  /** `yamlCode` is the `yaml` package's (TAG_RESOLVE_FAILED, DUPLICATE_KEY, ...); line/column 1-based. */
  | { code: "BAD_YAML"; path: string; yamlCode: string; line: number | null; column: number | null; reason: string }
  | { code: "INVALID"; key: string; reason: string }
  | { code: "BAD_OVERRIDE"; value: string; reason: string };

export class ConfigError extends MeshtensorError<ConfigErrorType> {
  constructor(type: ConfigErrorType) {
    super(type, describe(type));
  }
}

function describe(type: ConfigErrorType): string {
  switch (type.code) {
    case "FILE_NOT_FOUND":
      return `config file ${type.path} not found`;
    case "BAD_YAML":
      return type.line === null
        ? `config file ${type.path} is not valid YAML: ${type.reason}`
        : `config file ${type.path} is not valid YAML at line ${type.line}, column ${type.column}: ${type.reason}`;
    case "INVALID":
      return `config key "${type.key}": ${type.reason}`;
    case "BAD_OVERRIDE":
      return `bad override "${type.value}": ${type.reason}`;
  }
}
