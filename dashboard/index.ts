export type * from "./api-types.js";
export { createDashboard } from "./dashboard.js";
export { DashboardError, type DashboardErrorType } from "./errors.js";
export type { Dashboard, DashboardDeps, LocalnetKnowledge } from "./interface.js";
export { localnetKnowledge, summariseMetrics } from "./localnet-knowledge.js";
export { type DashboardOptions, dashboardOptionsSchema, parseDashboardOptions } from "./options.js";
