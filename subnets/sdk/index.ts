export { parseSubnetOptions, SubnetError, type SubnetErrorType } from "./errors.js";
export type {
  CallerInfo,
  Challenge,
  QueryOutcome,
  ScoredItem,
  SubnetContext,
  SubnetDefinition,
  SubnetMiner,
  SubnetValidator,
} from "./interface.js";
export { createRng, type Rng, randomSeed } from "./rng.js";
