// The subnets' entry. Built-in subnets are reached through `loadSubnet` only, never re-exported
// here: importing this file must not load canvas or onnxruntime for a subnet a node does not run.
export { createUptimeTracker, type UptimeTracker, withAvailability, withUptime } from "./availability/index.js";
export { loadSubnet, SUBNET_NAMES, type SubnetRegistry } from "./registry.js";
