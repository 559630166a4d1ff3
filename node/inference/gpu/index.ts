export { type GpuCheckReport, gpuCheck, type ProviderReport } from "./check.js";
export { type DeviceInfo, ortInstall, queryDevices } from "./context.js";
export { GpuError, type GpuErrorType } from "./errors.js";
export { type InstallResult, runInstall } from "./install.js";
export { gpuLaunchEnv, relaunchWithGpuEnv } from "./launch.js";
export { type GpuManifest, gpuHome, readManifest } from "./manifest.js";
export { type InstallPlan, planInstall } from "./plan.js";
export { renderCheck, renderPlan } from "./render.js";
