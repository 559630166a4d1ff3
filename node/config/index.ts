export { ConfigError, type ConfigErrorType } from "./errors.js";
export { ENV_OVERRIDES, type LoadConfigOptions, loadConfig, parseConfig, parseOverride } from "./load.js";
export { type NodeConfig, type NodeConfigInput, nodeConfigSchema } from "./schema.js";
