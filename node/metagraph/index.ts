export { createMetagraphSync, type MetagraphSyncDeps, type MetagraphSyncOptions, type MetagraphView } from "./metagraph-sync.js";
