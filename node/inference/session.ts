import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import * as ort from "onnxruntime-node";
import type { Logger } from "../logger/index.js";
import { InferenceError } from "./errors.js";
import type { ExecutionProvider } from "./options.js";
import { allocate, type NamedTensors, type Tensor, type TensorDtype, type TensorSpec } from "./tensor.js";

/**
 * The thin layer over onnxruntime-node: open a session on the best available provider, run
 * named tensors through it. The engine adds checks and batching on top; the benchmark uses this
 * directly for its "raw onnxruntime" figures.
 */
export interface ModelSession {
  readonly provider: ExecutionProvider;
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

let cudaWarned = false;

/** True when the CUDA provider library sits beside the native binding (installed with ONNXRUNTIME_NODE_INSTALL=cuda12). */
export function cudaProviderInstalled(): boolean {
  if (process.platform !== "linux" && process.platform !== "win32") return false;
  try {
    const require = createRequire(import.meta.url);
    const main = require.resolve("onnxruntime-node");
    const bin = join(dirname(main), "..", "bin", "napi-v6", process.platform, process.arch);
    const lib = process.platform === "win32" ? "onnxruntime_providers_cuda.dll" : "libonnxruntime_providers_cuda.so";
    return existsSync(join(bin, lib));
  } catch {
    return false;
  }
}

/** The providers to try, in order, and whether CUDA was asked for but cannot be had. */
export function resolveProviders(
  asked: readonly ExecutionProvider[] | undefined,
  cudaAvailable: boolean,
): {
  providers: ExecutionProvider[];
  cudaMissing: boolean;
} {
  if (asked === undefined) return { providers: cudaAvailable ? ["cuda", "cpu"] : ["cpu"], cudaMissing: false };
  const wantsCuda = asked.includes("cuda");
  const providers = asked.filter((p) => p !== "cuda" || cudaAvailable);
  // CPU is always the last resort: a miner that asked for CUDA still serves rather than dying.
  if (!providers.includes("cpu")) providers.push("cpu");
  return { providers, cudaMissing: wantsCuda && !cudaAvailable };
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

export async function openSession(options: OpenSessionOptions, logger: Logger): Promise<ModelSession> {
  const { providers, cudaMissing } = resolveProviders(options.executionProviders, cudaProviderInstalled());
  if (cudaMissing && !cudaWarned) {
    cudaWarned = true;
    logger.warn(
      { path: options.path, hint: "reinstall with ONNXRUNTIME_NODE_INSTALL=cuda12 (see node/inference/README.md)" },
      "CUDA execution provider requested but not installed; running on CPU",
    );
  }
  const sessionOptions: ort.InferenceSession.SessionOptions = {
    executionProviders: providers,
    graphOptimizationLevel: "all",
    ...(options.intraOpThreads !== undefined ? { intraOpNumThreads: options.intraOpThreads } : {}),
  };
  let session: ort.InferenceSession;
  let provider: ExecutionProvider = providers[0] ?? "cpu";
  try {
    session = await ort.InferenceSession.create(options.bytes, sessionOptions);
  } catch (err) {
    if (provider === "cuda") {
      // The library is there but the driver or cuDNN is not: say so once and carry on on CPU.
      if (!cudaWarned) {
        cudaWarned = true;
        logger.warn({ path: options.path, err: String(err) }, "CUDA execution provider failed to start; running on CPU");
      }
      provider = "cpu";
      try {
        session = await ort.InferenceSession.create(options.bytes, { ...sessionOptions, executionProviders: ["cpu"] });
      } catch (err2) {
        throw new InferenceError({ code: "MODEL_CORRUPT", path: options.path, reason: String((err2 as Error).message ?? err2) });
      }
    } else {
      throw new InferenceError(
        { code: "MODEL_CORRUPT", path: options.path, reason: String((err as Error).message ?? err) },
        `model ${options.path} could not be loaded: ${String((err as Error).message ?? err)}`,
      );
    }
  }
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
    inputs,
    outputs,
    async run(feeds: NamedTensors): Promise<NamedTensors> {
      const ortFeeds: Record<string, ort.Tensor> = {};
      for (const [name, t] of Object.entries(feeds)) ortFeeds[name] = toOrt(t);
      let result: ort.InferenceSession.ReturnType;
      try {
        result = await session.run(ortFeeds);
      } catch (err) {
        throw new InferenceError({ code: "RUN_FAILED", reason: String((err as Error).message ?? err) });
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
