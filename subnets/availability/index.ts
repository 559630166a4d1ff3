export { type AvailabilityOptions, type AvailabilityOptionsInput, availabilityOptionsSchema } from "./options.js";
export { createUptimeTracker, type UptimeDeps, type UptimeTracker } from "./uptime.js";
export { withAvailability, withUptime } from "./wrap.js";
