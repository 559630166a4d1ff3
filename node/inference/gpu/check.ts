import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ExecutionProvider } from "../options.js";
import { classifyProviderError, type FallbackCode } from "../providers.js";
import { type DeviceInfo, ortInstall, queryDevices } from "./context.js";
import { gpuHome, libraryPathFor, readManifest } from "./manifest.js";
import { PROVIDER_FILES } from "./plan.js";

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO = resolve(HERE, "..", "..", "..");
export const DEFAULT_CHECK_MODEL = join(REPO, "subnets", "inference", "models", "mlp.onnx");

export interface ProviderReport {
  provider: ExecutionProvider;
  installed: boolean;
  loads: boolean;
  reason?: FallbackCode;
  /** onnxruntime's error, first line. */
  error?: string;
  /** The library the loader could not find, from onnxruntime's stderr (e.g. libcuda.so.1). */
  missingLibrary?: string;
  openMs?: number;
  /** Median of 5 runs of a 16-row batch. */
  runMs?: number;
  /** Largest absolute difference from the CPU's outputs on the same inputs. */
  maxAbsDiffVsCpu?: number;
}

export interface GpuCheckReport {
  ortVersion: string;
  bindingDir: string;
  model: string;
  providerFiles: Record<string, boolean>;
  /** What `gpu install` wrote; its library path is applied to the probes as to every meshtensor command. */
  install: { manifest: string; present: boolean; cudaMajor?: number; libraryPath: string[] };
  device: DeviceInfo;
  providers: ProviderReport[];
}

export interface CheckOptions {
  env: NodeJS.ProcessEnv;
  model?: string;
  providers?: ExecutionProvider[];
  timeoutMs?: number;
  nvidiaSmi?: string;
}

interface ProbeResult {
  ok: boolean;
  error?: string;
  openMs?: number;
  runMs?: number;
  outputs?: Record<string, number[]>;
  stderr: string;
}

/** Which providers are installed, which load, the device, and the exact reason when one does not. */
export async function gpuCheck(options: CheckOptions): Promise<GpuCheckReport> {
  const ort = ortInstall();
  const model = options.model ?? DEFAULT_CHECK_MODEL;
  const manifestPath = join(gpuHome(options.env), "install.json");
  const manifest = readManifest(manifestPath);
  // Probes get the library path `gpu install` wrote, as every meshtensor command does.
  const path = manifest ? libraryPathFor(manifest, options.env.LD_LIBRARY_PATH) : null;
  const probeEnv = path === null ? options.env : { ...options.env, LD_LIBRARY_PATH: path };
  const providerFiles = Object.fromEntries(PROVIDER_FILES.map((f) => [f, existsSync(join(ort.bindingDir, f))]));
  const device = await queryDevices(options.nvidiaSmi);
  const wanted = options.providers ?? ["cpu", "cuda", "webgpu"];
  const order: ExecutionProvider[] = ["cpu", ...wanted.filter((p) => p !== "cpu")];
  const installed = (p: ExecutionProvider) => p !== "cuda" || providerFiles["libonnxruntime_providers_cuda.so"] === true;
  const results = new Map<ExecutionProvider, ProbeResult>();
  for (const p of order) {
    if (installed(p)) results.set(p, await probe(p, model, probeEnv, options.timeoutMs ?? 120_000));
  }
  const cpu = results.get("cpu");
  const providers = order.filter((p) => wanted.includes(p)).map((p) => report(p, results.get(p), cpu, installed(p)));
  return {
    ortVersion: ort.version,
    bindingDir: ort.bindingDir,
    model,
    providerFiles,
    install: {
      manifest: manifestPath,
      present: manifest !== null,
      ...(manifest ? { cudaMajor: manifest.cudaMajor } : {}),
      libraryPath: manifest?.libraryPath ?? [],
    },
    device,
    providers,
  };
}

function report(
  provider: ExecutionProvider,
  r: ProbeResult | undefined,
  cpu: ProbeResult | undefined,
  installed: boolean,
): ProviderReport {
  if (!installed || r === undefined)
    return {
      provider,
      installed,
      loads: false,
      reason: "NOT_INSTALLED",
      error: "libonnxruntime_providers_cuda.so is not beside the binding",
    };
  if (!r.ok) {
    const error = (r.error ?? "probe failed").trim().split("\n")[0] as string;
    const missingLibrary = /([\w.+-]+\.so(?:\.\d+)*): cannot open shared object file/.exec(`${r.stderr}\n${error}`)?.[1];
    return {
      provider,
      installed,
      loads: false,
      reason: classifyProviderError(`${error}\n${r.stderr}`),
      error,
      ...(missingLibrary !== undefined ? { missingLibrary } : {}),
    };
  }
  const out: ProviderReport = { provider, installed, loads: true };
  if (r.openMs !== undefined) out.openMs = round(r.openMs);
  if (r.runMs !== undefined) out.runMs = round(r.runMs);
  if (cpu?.ok && cpu.outputs && r.outputs) out.maxAbsDiffVsCpu = maxAbsDiff(cpu.outputs, r.outputs);
  return out;
}

function maxAbsDiff(a: Record<string, number[]>, b: Record<string, number[]>): number {
  let max = 0;
  for (const [name, xs] of Object.entries(a)) {
    const ys = b[name];
    if (!ys || ys.length !== xs.length) return Number.POSITIVE_INFINITY;
    for (let i = 0; i < xs.length; i++) max = Math.max(max, Math.abs((xs[i] as number) - (ys[i] as number)));
  }
  return max;
}

const round = (x: number) => Math.round(x * 100) / 100;

function probe(provider: ExecutionProvider, model: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<ProbeResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ["--import", "tsx", join(HERE, "probe.ts"), provider, model], {
      cwd: REPO,
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on("data", (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-8000);
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split("\n").pop() ?? "";
      try {
        done({ ...(JSON.parse(line) as Omit<ProbeResult, "stderr">), stderr });
      } catch {
        const why = signal === "SIGKILL" ? `no answer within ${timeoutMs} ms` : `exited (code ${code}, signal ${signal})`;
        done({ ok: false, error: `probe ${why}: ${stderr.trim().split("\n").slice(-2).join(" | ")}`, stderr });
      }
    });
  });
}
