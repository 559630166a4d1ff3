import { spawn } from "node:child_process";
import { join } from "node:path";
import { gpuHome, libraryPathFor, readManifest } from "./manifest.js";

const APPLIED = "MESHTENSOR_GPU_ENV";

/**
 * The environment this process should have been started with, or null when it already has it.
 * The dynamic loader reads LD_LIBRARY_PATH once, at process start, and the CUDA provider has no
 * RUNPATH, so the library path cannot be fixed from inside a running process.
 */
export function gpuLaunchEnv(env: NodeJS.ProcessEnv, platform: string = process.platform): NodeJS.ProcessEnv | null {
  if (platform !== "linux" || env[APPLIED] === "1" || env.MESHTENSOR_GPU === "off") return null;
  const manifest = readManifest(join(gpuHome(env), "install.json"));
  if (manifest === null) return null;
  const path = libraryPathFor(manifest, env.LD_LIBRARY_PATH);
  if (path === null) return null;
  return { ...env, LD_LIBRARY_PATH: path, [APPLIED]: "1" };
}

/**
 * Run this same command again with the GPU library path set, when `gpu install` wrote one and it
 * is missing; resolves with the child's exit code, or null when nothing needed doing. Children
 * (node processes of a localnet, inference workers) inherit the environment from there.
 */
export function relaunchWithGpuEnv(): Promise<number> | null {
  const env = gpuLaunchEnv(process.env);
  if (env === null) return null;
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { env, stdio: "inherit" });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  for (const s of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(s, forward(s));
  return new Promise((resolve) => {
    child.on("error", () => resolve(1));
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 128 + 15 : 1)));
  });
}
