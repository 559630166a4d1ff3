export { createChainClient, PolkadotChainClient } from "./client.js";
export { weightsCommitHash } from "./commit.js";
export { HYPERPARAMETER_NAMES, hyperparameterKind } from "./convert.js";
export { ChainError, type ChainErrorType } from "./errors.js";
export type { AxonEndpointInput, ChainClient, ChainSigner } from "./interface.js";
export { type ChainClientOptions, chainClientOptionsSchema } from "./options.js";
export {
  DEFAULT_BONDS_CONFIG,
  type YumaBondsConfig,
  type YumaEpochReport,
  type YumaScenario,
  type YumaScenarioParam,
  type YumaScenarioStep,
  type YumaSimulator,
} from "./scenario-types.js";
export * from "./types.js";
