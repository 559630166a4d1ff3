export { PriorityLimiter, RateLimiter } from "./limits.js";
export { createMiner, type MinerDeps, type MinerOptions, type MinerRole, type MinerSubnetOptions } from "./miner.js";
export {
  createQueryServer,
  type QueryServer,
  type QueryServerDeps,
  type QueryServerOptions,
  STRANGER_MAX_MESSAGE_BYTES,
  tooLargeRefusal,
} from "./query-server.js";
