import { readFile } from "node:fs/promises";
import { parseYamlStrict } from "../../lib/yaml.js";
import { ConfigError } from "./errors.js";
import { type NodeConfig, nodeConfigSchema } from "./schema.js";

/** Environment variables that override config keys (file < env < flags). */
export const ENV_OVERRIDES: Record<string, string> = {
  MESHTENSOR_CHAIN_ENDPOINT: "chain.endpoint",
  MESHTENSOR_DATA_DIR: "dataDir",
  MESHTENSOR_STATUS_PORT: "status.port",
  MESHTENSOR_HOTKEY_URI: "wallet.uri",
};

/** Sets `value` at a dotted path ("network.maxMessageBytes"), creating objects on the way. */
export function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  if (keys.some((k) => k.length === 0 || k === "__proto__" || k === "constructor" || k === "prototype")) {
    throw new ConfigError({ code: "BAD_OVERRIDE", value: path, reason: "not a valid key path" });
  }
  let node = target;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (next === undefined || next === null || typeof next !== "object" || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] as string] = value;
}

/**
 * "key.path=value"; the value is read as YAML so numbers, booleans and lists keep their type. A value
 * YAML refuses or doubts (`a: b: c`, `!x y`) is taken as the literal string typed, never half-parsed.
 */
export function parseOverride(text: string): [string, unknown] {
  const at = text.indexOf("=");
  if (at <= 0) throw new ConfigError({ code: "BAD_OVERRIDE", value: text, reason: "expected key.path=value" });
  const key = text.slice(0, at).trim();
  const raw = text.slice(at + 1);
  const parsed = parseYamlStrict(raw);
  return [key, parsed.ok ? parsed.value : raw];
}

/** Validates a plain object; the first problem is reported with its full key path. */
export function parseConfig(input: unknown): NodeConfig {
  const result = nodeConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const path = issue?.path.map(String).join(".") ?? "";
  const unknownKeys = (issue as { keys?: string[] } | undefined)?.keys;
  if (issue?.code === "unrecognized_keys" && unknownKeys !== undefined) {
    const key = [path, unknownKeys[0]].filter(Boolean).join(".");
    throw new ConfigError({ code: "INVALID", key, reason: "unknown key (typo?)" });
  }
  throw new ConfigError({ code: "INVALID", key: path || "(root)", reason: issue?.message ?? "invalid" });
}

export interface LoadConfigOptions {
  env?: NodeJS.ProcessEnv;
  /** "key.path=value" overrides from the command line, applied last. */
  overrides?: string[];
}

/** Reads the YAML file, applies env then flag overrides, validates once. */
export async function loadConfig(path: string, options: LoadConfigOptions = {}): Promise<NodeConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch {
    throw new ConfigError({ code: "FILE_NOT_FOUND", path });
  }
  // YAML warnings (an unknown tag, an unknown directive) are errors here: the value would be wrong.
  const parsed = parseYamlStrict(text);
  if (!parsed.ok) {
    const { code: yamlCode, line, column, message: reason } = parsed.problem;
    throw new ConfigError({ code: "BAD_YAML", path, yamlCode, line, column, reason });
  }
  const raw = parsed.value ?? {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw new ConfigError({ code: "INVALID", key: "(root)", reason: "the config file must be a YAML mapping" });
  }
  const config = raw as Record<string, unknown>;
  const env = options.env ?? process.env;
  for (const [name, key] of Object.entries(ENV_OVERRIDES)) {
    const value = env[name];
    if (value !== undefined && value !== "") setPath(config, key, key === "status.port" ? Number(value) : value);
  }
  for (const override of options.overrides ?? []) {
    const [key, value] = parseOverride(override);
    setPath(config, key, value);
  }
  return parseConfig(config);
}
