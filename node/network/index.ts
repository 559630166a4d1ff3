export { NetworkError, type NetworkErrorType } from "./errors.js";
export type { InboundContext, MessageHandler, Network, NetworkStats, PeerAddress, ServeOptions } from "./interface.js";
export { queryProtocol } from "./interface.js";
export { assertPeerId, PEER_KEY_SEED_BYTES, peerIdFromSeed } from "./keys.js";
export { createNetwork, type NetworkDeps } from "./network.js";
export { type NetworkOptions, type NetworkOptionsInput, networkOptionsSchema } from "./options.js";
export * from "./query/index.js";
