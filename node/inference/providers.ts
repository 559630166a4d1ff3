import type { FallbackCode } from "../../lib/inference.js";
import type { ExecutionProvider } from "./options.js";

/**
 * Why a GPU provider was passed over. onnxruntime has no fallback of its own: `['cuda','cpu']`
 * fails outright when CUDA cannot start, so each provider is tried alone (with the CPU beside it
 * for the operators it lacks) and the next one taken when it fails.
 */
export type { FallbackCode };

export interface ProviderFallback {
  provider: ExecutionProvider;
  code: FallbackCode;
  /** onnxruntime's own words, first line. */
  detail: string;
}

export interface ProviderPlan {
  /** Providers to try, in order; always ends with "cpu". */
  order: ExecutionProvider[];
  /** Asked for but absent before anything was tried (the CUDA provider library is not installed). */
  skipped: ProviderFallback[];
}

/** What is installed beside the binding. WebGPU and CPU are built into the core library. */
export interface InstalledProviders {
  cuda: boolean;
}

/**
 * Absent `asked`: CUDA when its provider library is installed, else the CPU, quietly (WebGPU is
 * never picked unasked: probing for an adapter costs ~90 ms and a driver warning where there is none).
 */
export function planProviders(asked: readonly ExecutionProvider[] | undefined, installed: InstalledProviders): ProviderPlan {
  if (asked === undefined) return { order: installed.cuda ? ["cuda", "cpu"] : ["cpu"], skipped: [] };
  const order: ExecutionProvider[] = [];
  const skipped: ProviderFallback[] = [];
  for (const p of asked) {
    if (order.includes(p)) continue;
    if (p === "cuda" && !installed.cuda) {
      skipped.push({ provider: p, code: "NOT_INSTALLED", detail: "libonnxruntime_providers_cuda.so is not beside the binding" });
      continue;
    }
    if (p === "cpu") break; // nothing after the CPU is ever tried
    order.push(p);
  }
  // CPU is always the last resort: a miner that asked for a GPU still serves rather than dying.
  order.push("cpu");
  return { order, skipped };
}

/** Sort onnxruntime's failure text into the reasons a user acts on differently (messages recorded from 1.30.0). */
export function classifyProviderError(message: string): FallbackCode {
  if (/Failed to load (shared )?library|cannot open shared object file/i.test(message)) return "LIBRARY_MISSING";
  if (
    /no CUDA-capable device|CUDA driver version is insufficient|No supported adapters|Failed to get a WebGPU adapter/i.test(
      message,
    )
  )
    return "NO_DEVICE";
  return "FAILED";
}

export interface Opened<S> {
  session: S;
  provider: ExecutionProvider;
  fallbacks: ProviderFallback[];
}

/**
 * Open on the first provider of `plan.order` that starts. A GPU provider's failure is recorded and
 * the next is tried; the CPU's failure is the model's own fault and propagates.
 */
export async function openWithFallback<S>(
  plan: ProviderPlan,
  create: (providers: ExecutionProvider[]) => Promise<S>,
): Promise<Opened<S>> {
  const fallbacks = [...plan.skipped];
  for (const provider of plan.order) {
    if (provider === "cpu") return { session: await create(["cpu"]), provider, fallbacks };
    try {
      return { session: await create([provider, "cpu"]), provider, fallbacks };
    } catch (err) {
      const detail = firstLine(err instanceof Error ? err.message : String(err));
      fallbacks.push({ provider, code: classifyProviderError(detail), detail });
    }
  }
  // planProviders always ends with the CPU; kept for a hand-built plan.
  return { session: await create(["cpu"]), provider: "cpu", fallbacks };
}

function firstLine(s: string): string {
  return (s.split("\n").find((l) => l.trim() !== "") ?? s).trim().slice(0, 500);
}

const NAMES: Record<ExecutionProvider, string> = { cuda: "CUDA", webgpu: "WebGPU", cpu: "CPU" };

/** The warning a fallback logs (documented in node/inference/README.md). */
export function fallbackMessage(f: ProviderFallback, next: ExecutionProvider): string {
  const name = NAMES[f.provider];
  const to = `running on ${NAMES[next]}`;
  switch (f.code) {
    case "NOT_INSTALLED":
      return `${name} execution provider requested but not installed; ${to}`;
    case "LIBRARY_MISSING":
      return `${name} execution provider installed but its libraries could not be loaded; ${to}`;
    case "NO_DEVICE":
      return `${name} execution provider found no device; ${to}`;
    case "FAILED":
      return `${name} execution provider failed to start; ${to}`;
  }
}
