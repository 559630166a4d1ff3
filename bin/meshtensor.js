#!/usr/bin/env node
// npm bin: run the TypeScript CLI through tsx's ESM loader (no build step).
import { register } from "tsx/esm/api";

register();
// After `meshtensor gpu install`, the CUDA provider needs the NVIDIA libraries on LD_LIBRARY_PATH,
// which the loader reads only at process start: run this command again with it set (once).
const { relaunchWithGpuEnv } = await import(new URL("../node/inference/gpu/launch.ts", import.meta.url).href);
const relaunched = relaunchWithGpuEnv();
if (relaunched) {
  process.exit(await relaunched);
} else {
  await import(new URL("../cli/main.ts", import.meta.url).href);
}
