// localnet/'s entry: what the CLI (and the dashboard, which reads a run's knowledge) may use.
export { LocalnetError, type LocalnetErrorType } from "./errors.js";
export { createLocalnet, type Localnet, type LocalnetDeps, writeReport } from "./localnet.js";
export { createNodeLauncher, readValidatorQps, statusPortOf } from "./node-launcher.js";
export {
  BEHAVIOURS,
  type Behaviour,
  BOND_MODELS,
  type BondModel,
  type LocalnetConfig,
  type LocalnetConfigInput,
  loadLocalnetConfig,
  localnetConfigSchema,
  parseLocalnetConfig,
} from "./options.js";
export { provisionOnly } from "./provision-only.js";
export { type EpochReport, formatTokens, type RunReport } from "./report.js";
