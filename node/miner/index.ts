export { createMiner, type MinerDeps, type MinerOptions, type MinerRole, type MinerSubnetOptions } from "./miner.js";
