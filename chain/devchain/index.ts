export { createDevChain, type DevChain, type DevChainMode } from "./devchain.js";
export { DevChainError, type DevChainErrorType } from "./errors.js";
export { NODE_BINARY_DEFAULT, resolveNodeBinary } from "./node-binary.js";
export { type ChainNode, createNodeChain, type NodeChain, type NodeChainDeps, type NodePlacement } from "./node-engine.js";
export { ARTIFACTS_DIR, chainSpecPath, type DevChainOptions, devChainOptionsSchema, parseDevChainOptions } from "./options.js";
