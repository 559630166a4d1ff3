export { createInferenceMetrics } from "./inference.js";
export type { Metrics } from "./interface.js";
export { createMetrics } from "./prometheus.js";
export { createStatusServer, type StatusServer, type StatusServerOptions } from "./server.js";
