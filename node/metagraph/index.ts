export { shareKnownPeers } from "./known-peers.js";
export { createMetagraphSync, type MetagraphSyncDeps, type MetagraphSyncOptions, type MetagraphView } from "./metagraph-sync.js";
