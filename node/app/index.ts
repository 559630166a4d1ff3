export { createAxonAnnouncer } from "./announce.js";
export { createNodeApp, type NodeApp, type NodeAppDeps, type NodeRole } from "./app.js";
export { loadNodeKeys } from "./keys.js";
export { STOP_WITH_PARENT_ENV, watchParent } from "./parent-watch.js";
export { runNode } from "./run.js";
