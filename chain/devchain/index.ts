export { createDevChain, type DevChain, type DevChainMode } from "./devchain.js";
export { DevChainError, type DevChainErrorType } from "./errors.js";
export { ARTIFACTS_DIR, chainSpecPath, type DevChainOptions, devChainOptionsSchema } from "./options.js";
