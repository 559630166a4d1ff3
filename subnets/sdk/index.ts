export { parseSubnetOptions, SubnetError, type SubnetErrorType } from "./errors.js";
export {
  CAUGHT,
  type CallerInfo,
  type Challenge,
  isCaught,
  isPending,
  PENDING,
  type QueryOutcome,
  type ScoredItem,
  type SubnetContext,
  type SubnetDefinition,
  type SubnetMiner,
  type SubnetValidator,
} from "./interface.js";
export { createRng, type Rng, randomSeed } from "./rng.js";
