import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as ort from "onnxruntime-node";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/logger.js";
import { InferenceError } from "./errors.js";
import type { ExecutionProvider } from "./options.js";
import {
  type FallbackCode,
  fallbackMessage,
  type InstalledProviders,
  type Opened,
  openWithFallback,
  type ProviderFallback,
  planProviders,
} from "./providers.js";
import { allocate, type NamedTensors, type Tensor, type TensorDtype, type TensorSpec } from "./tensor.js";

/**
 * The thin layer over onnxruntime-node: open a session on the best available provider, run
 * named tensors through it. The engine adds checks and batching on top; the benchmark uses this
 * directly for its "raw onnxruntime" figures.
 */
export interface ModelSession {
  readonly provider: ExecutionProvider;
  /** GPU providers asked for and passed over, with the reason (empty when the first choice runs). */
  readonly fallbacks: readonly ProviderFallback[];
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  run(feeds: NamedTensors): Promise<NamedTensors>;
  release(): Promise<void>;
}

export interface OpenSessionOptions {
  /** For error messages only: the bytes are what is loaded (hashed by the caller, so no re-read race). */
  path: string;
  bytes: Uint8Array;
  executionProviders?: readonly ExecutionProvider[];
  intraOpThreads?: number;
}

const SUPPORTED: ReadonlySet<string> = new Set<TensorDtype>(["float32", "float64", "int32", "int64", "uint8", "int8", "bool"]);

/** Warn once per process per provider and reason: a node opening ten models says it once. */
const warned = new Set<string>();

const HINTS: Record<FallbackCode, string> = {
  NOT_INSTALLED: "run `npx meshtensor gpu install` (see README, GPU setup)",
  LIBRARY_MISSING: "run `npx meshtensor gpu check`: it names the missing library",
  NO_DEVICE: "no GPU is visible to this process (driver, device or container settings)",
  FAILED: "run `npx meshtensor gpu check` for the full error",
};

/** The directory onnxruntime-node loads its core and providers from (`bin/napi-v6/<platform>/<arch>`). */
export function bindingDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const main = require.resolve("onnxruntime-node");
    return join(dirname(main), "..", "bin", "napi-v6", process.platform, process.arch);
  } catch {
    return null;
  }
}

/** True when the CUDA provider library sits beside the native binding (put there by `meshtensor gpu install`). */
export function cudaProviderInstalled(): boolean {
  if (process.platform !== "linux" && process.platform !== "win32") return false;
  const bin = bindingDir();
  if (bin === null) return false;
  const lib = process.platform === "win32" ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so";
  return existsSync(join(bin, lib));
}

/** The providers to try, in order, and whether CUDA was asked for but cannot be had. */
export function resolveProviders(
  asked: readonly ExecutionProvider[] | undefined,
  cudaAvailable: boolean,
): {
  providers: ExecutionProvider[];
  cudaMissing: boolean;
} {
  const plan = planProviders(asked, { cuda: cudaAvailable });
  return { providers: plan.order, cudaMissing: plan.skipped.some((f) => f.provider === "cuda") };
}

function logFallbacks(fallbacks: readonly ProviderFallback[], used: ExecutionProvider, path: string, logger: Logger): void {
  for (const f of fallbacks) {
    const key = `${f.provider}:${f.code}`;
    if (warned.has(key)) continue;
    warned.add(key);
    logger.warn({ path, provider: f.provider, reason: f.code, err: f.detail, hint: HINTS[f.code] }, fallbackMessage(f, used));
  }
}

function toSpec(meta: ort.InferenceSession.ValueMetadata, path: string): TensorSpec {
  if (!meta.isTensor) {
    throw new InferenceError({ code: "MODEL_UNSUPPORTED", path, reason: `value ${meta.name} is not a tensor` });
  }
  if (!SUPPORTED.has(meta.type)) {
    throw new InferenceError({ code: "MODEL_UNSUPPORTED", path, reason: `value ${meta.name} has unsupported type ${meta.type}` });
  }
  return { name: meta.name, dtype: meta.type as TensorDtype, dims: [...meta.shape] };
}

function toOrt(t: Tensor): ort.Tensor {
  return new ort.Tensor(t.dtype, t.data, t.dims);
}

function fromOrt(value: ort.OnnxValue, name: string): Tensor {
  const t = value as ort.Tensor;
  if (!SUPPORTED.has(t.type))
    throw new InferenceError({ code: "RUN_FAILED", reason: `output ${name} has unsupported type ${t.type}` });
  const dtype = t.type as TensorDtype;
  const data =
    dtype === "bool" ? new Uint8Array((t.data as Uint8Array).buffer, (t.data as Uint8Array).byteOffset, t.size) : t.data;
  return { dtype, dims: [...t.dims], data: data as Tensor["data"] };
}

/** What openSession needs from onnxruntime and the disk; tests swap `create` to make a GPU provider fail as it does on a real host. */
export interface SessionDeps {
  installed(): InstalledProviders;
  create(bytes: Uint8Array, options: ort.InferenceSession.SessionOptions): Promise<ort.InferenceSession>;
}

const realDeps: SessionDeps = {
  installed: () => ({ cuda: cudaProviderInstalled() }),
  create: (bytes, options) => ort.InferenceSession.create(bytes, options),
};

export async function openSession(
  options: OpenSessionOptions,
  logger: Logger,
  deps: SessionDeps = realDeps,
): Promise<ModelSession> {
  const plan = planProviders(options.executionProviders, deps.installed());
  const base: ort.InferenceSession.SessionOptions = {
    graphOptimizationLevel: "all",
    ...(options.intraOpThreads !== undefined ? { intraOpNumThreads: options.intraOpThreads } : {}),
  };
  let opened: Opened<ort.InferenceSession>;
  try {
    opened = await openWithFallback(plan, (executionProviders) => deps.create(options.bytes, { ...base, executionProviders }));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new InferenceError(
      { code: "MODEL_CORRUPT", path: options.path, reason },
      `model ${options.path} could not be loaded: ${reason}`,
    );
  }
  const { session, provider, fallbacks } = opened;
  logFallbacks(fallbacks, provider, options.path, logger);
  let inputs: TensorSpec[];
  let outputs: TensorSpec[];
  try {
    inputs = session.inputMetadata.map((m) => toSpec(m, options.path));
    outputs = session.outputMetadata.map((m) => toSpec(m, options.path));
  } catch (err) {
    await session.release();
    throw err;
  }
  return {
    provider,
    fallbacks,
    inputs,
    outputs,
    async run(feeds: NamedTensors): Promise<NamedTensors> {
      const ortFeeds: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = toOrt(t);
      let result: ort.InferenceSession.ReturnType;
      try {
        result = await session.run(ortFeeds);
      } catch (err) {
        throw new InferenceError({ code: "RUN_FAILED", reason: String(errorMessage(err) ?? err) });
      }
      const out: NamedTensors = {};
      for (const [name, value] of Object.entries(result)) out[name] = fromOrt(value, name);
      return out;
    },
    release: () => session.release(),
  };
}

/** Zeros shaped like the model's inputs, dynamic dimensions set to `dynamicSize` (first) and 1 (others): for warm-up. */
export function zeroFeeds(inputs: readonly TensorSpec[], rows: number, dynamicSize = 32): NamedTensors {
  const feeds: NamedTensors = {};
  for (const spec of inputs) {
    const dims = spec.dims.map((d, i) => (typeof d === "number" ? d : i === 0 ? rows : dynamicSize));
    let n = 1;
    for (const d of dims) n *= d;
    feeds[spec.name] = { dtype: spec.dtype, dims, data: allocate(spec.dtype, n) };
  }
  return feeds;
}
