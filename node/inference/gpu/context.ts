import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { GpuError } from "./errors.js";

/** onnxruntime-node as installed: its version and the folder its core loads providers from. */
export function ortInstall(
  platform: string = process.platform,
  arch: string = process.arch,
): { version: string; bindingDir: string } {
  try {
    const require = createRequire(import.meta.url);
    const pkgPath = require.resolve("onnxruntime-node/package.json");
    const version = (JSON.parse(readFileSync(pkgPath, "utf8")) as { version: string }).version;
    return { version, bindingDir: join(dirname(pkgPath), "bin", "napi-v6", platform, arch) };
  } catch (err) {
    throw new GpuError({ code: "NO_BINDING", reason: err instanceof Error ? err.message : String(err) });
  }
}

export interface GpuDevice {
  name: string;
  memoryMiB: number;
  driver: string;
}

export interface DeviceInfo {
  devices: GpuDevice[];
  /** Highest CUDA version the driver supports (nvidia-smi's header), when known. */
  driverCuda: { major: number; minor: number } | null;
  /** Why there is no device list (nvidia-smi missing or failing). */
  reason?: string;
}

function run(cmd: string, args: string[], timeoutMs: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 1 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${(stderr || err.message).trim().split("\n")[0]}`));
      else resolve(stdout);
    });
  });
}

/** The NVIDIA devices as nvidia-smi sees them (bounded to 10 s; a wedged driver must not hang a check). */
export async function queryDevices(nvidiaSmi = "nvidia-smi"): Promise<DeviceInfo> {
  let list: string;
  try {
    list = await run(nvidiaSmi, ["--query-gpu=name,memory.total,driver_version", "--format=csv,noheader,nounits"], 10_000);
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    return { devices: [], driverCuda: null, reason: /ENOENT/.test(msg) ? "nvidia-smi not found (no NVIDIA driver here)" : msg };
  }
  const devices = list
    .trim()
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const [name = "", mem = "0", driver = ""] = l.split(",").map((s) => s.trim());
      return { name, memoryMiB: Number(mem), driver };
    });
  let driverCuda: DeviceInfo["driverCuda"] = null;
  try {
    const m = /CUDA Version:\s*(\d+)\.(\d+)/.exec(await run(nvidiaSmi, [], 10_000));
    if (m) driverCuda = { major: Number(m[1]), minor: Number(m[2]) };
  } catch {
    // the device list is what matters; the header is a bonus
  }
  return { devices, driverCuda };
}
