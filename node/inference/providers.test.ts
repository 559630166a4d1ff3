import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";
import { pino } from "pino";
import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import type { Logger } from "../../lib/logger.js";
import { createInferenceMetrics } from "../metrics/index.js";
import { createInferenceEngine, sha256Hex } from "./index.js";
import { classifyProviderError, planProviders } from "./providers.js";
import { openSession, type SessionDeps } from "./session.js";

const MODEL = "subnets/inference/models/mlp.onnx";
const BYTES = new Uint8Array(readFileSync(MODEL));

// onnxruntime-node 1.30.0's own words, recorded on a machine without a GPU (the first two) and
// from a CUDA provider whose libraries were all found on such a machine (the third).
const LOAD_FAILED = "OrtSessionOptionsAppendExecutionProvider_Cuda: Failed to load shared library";
const NO_ADAPTER =
  "/onnxruntime_src/onnxruntime/core/providers/webgpu/webgpu_context.cc:136 ... Failed to get a WebGPU adapter: No supported adapters";
const NO_DEVICE = "CUDA failure 100: no CUDA-capable device is detected ; GPU=-1 ; hostname=x ; file=cuda_execution_provider.cc";

function capture(): { logger: Logger; lines: Array<Record<string, unknown> & { msg: string }> } {
  const lines: Array<Record<string, unknown> & { msg: string }> = [];
  return { logger: pino({ level: "warn" }, { write: (s: string) => lines.push(JSON.parse(s)) }), lines };
}

/** Real onnxruntime for the CPU; a GPU provider fails the way `message` says it does on a real host. */
function failingGpu(message: string, cudaInstalled: boolean): SessionDeps & { tried: string[][] } {
  const tried: string[][] = [];
  return {
    tried,
    installed: () => ({ cuda: cudaInstalled }),
    create: (bytes, options) => {
      const eps = (options.executionProviders ?? []) as string[];
      tried.push(eps);
      if (eps[0] !== "cpu") return Promise.reject(new Error(message));
      return ort.InferenceSession.create(bytes, options);
    },
  };
}

async function runsOnCpu(session: Awaited<ReturnType<typeof openSession>>): Promise<void> {
  const x = new Float32Array(64).map((_, i) => Math.sin(i));
  const out = await session.run({ x: { dtype: "float32", dims: [1, 64], data: x } });
  expect(out.y?.dims).toEqual([1, 10]);
  expect(Array.from(out.y?.data as Float32Array).every(Number.isFinite)).toBe(true);
}

describe("provider plan", () => {
  it("tries each asked GPU provider in order, skips an uninstalled CUDA, and always ends on the CPU", () => {
    expect(planProviders(undefined, { cuda: true }).order).toEqual(["cuda", "cpu"]);
    expect(planProviders(undefined, { cuda: false }).order).toEqual(["cpu"]);
    expect(planProviders(["webgpu"], { cuda: false })).toEqual({ order: ["webgpu", "cpu"], skipped: [] });
    const p = planProviders(["cuda", "webgpu", "cpu"], { cuda: false });
    expect(p.order).toEqual(["webgpu", "cpu"]);
    expect(p.skipped).toMatchObject([{ provider: "cuda", code: "NOT_INSTALLED" }]);
    expect(planProviders(["cpu", "cuda"], { cuda: true }).order).toEqual(["cpu"]);
    expect(planProviders(["cuda", "cuda"], { cuda: true }).order).toEqual(["cuda", "cpu"]);
  });

  it("sorts onnxruntime's failure messages into the reasons a user acts on", () => {
    expect(classifyProviderError(LOAD_FAILED)).toBe("LIBRARY_MISSING");
    expect(classifyProviderError(NO_DEVICE)).toBe("NO_DEVICE");
    expect(classifyProviderError(NO_ADAPTER)).toBe("NO_DEVICE");
    expect(classifyProviderError("something else entirely")).toBe("FAILED");
  });
});

describe("fallback to the CPU, with real CPU inference", () => {
  const cases = [
    {
      name: "provider missing",
      deps: () => failingGpu(LOAD_FAILED, false),
      asked: ["cuda", "cpu"] as const,
      code: "NOT_INSTALLED",
      msg: "CUDA execution provider requested but not installed; running on CPU",
      tries: [["cpu"]],
    },
    {
      name: "provider present, its libraries missing",
      deps: () => failingGpu(LOAD_FAILED, true),
      asked: ["cuda"] as const,
      code: "LIBRARY_MISSING",
      msg: "CUDA execution provider installed but its libraries could not be loaded; running on CPU",
      tries: [["cuda", "cpu"], ["cpu"]],
    },
    {
      name: "no device (CUDA)",
      deps: () => failingGpu(NO_DEVICE, true),
      asked: ["cuda", "cpu"] as const,
      code: "NO_DEVICE",
      msg: "CUDA execution provider found no device; running on CPU",
      tries: [["cuda", "cpu"], ["cpu"]],
    },
    {
      name: "no device (WebGPU)",
      deps: () => failingGpu(NO_ADAPTER, false),
      asked: ["webgpu", "cpu"] as const,
      code: "NO_DEVICE",
      msg: "WebGPU execution provider found no device; running on CPU",
      tries: [["webgpu", "cpu"], ["cpu"]],
    },
  ];
  for (const c of cases) {
    it(`${c.name}: warns with the reason, then serves on the CPU`, async () => {
      const { logger, lines } = capture();
      const deps = c.deps();
      const session = await openSession({ path: MODEL, bytes: BYTES, executionProviders: [...c.asked] }, logger, deps);
      try {
        expect(session.provider).toBe("cpu");
        expect(deps.tried).toEqual(c.tries);
        expect(session.fallbacks).toMatchObject([{ code: c.code }]);
        const warning = lines.find((l) => l.msg === c.msg);
        expect(warning, JSON.stringify(lines)).toBeDefined();
        expect(warning).toMatchObject({ reason: c.code, hint: expect.stringMatching(/gpu|GPU/) });
        await runsOnCpu(session);
      } finally {
        await session.release();
      }
    });
  }

  it("tries the next GPU provider before the CPU", async () => {
    const { logger } = capture();
    const tried: string[][] = [];
    const deps: SessionDeps = {
      installed: () => ({ cuda: true }),
      create: (bytes, options) => {
        const eps = (options.executionProviders ?? []) as string[];
        tried.push(eps);
        // "webgpu" stands in for a second provider that starts: the session is a real CPU one.
        if (eps[0] === "cuda") return Promise.reject(new Error(NO_DEVICE));
        return ort.InferenceSession.create(bytes, { ...options, executionProviders: ["cpu"] });
      },
    };
    const session = await openSession({ path: MODEL, bytes: BYTES, executionProviders: ["cuda", "webgpu"] }, logger, deps);
    expect(session.provider).toBe("webgpu");
    expect(tried).toEqual([
      ["cuda", "cpu"],
      ["webgpu", "cpu"],
    ]);
    await runsOnCpu(session);
    await session.release();
  });

  it("a model the CPU cannot load is still MODEL_CORRUPT, not hidden by the fallback", async () => {
    const { logger } = capture();
    await expect(
      openSession(
        { path: "junk.onnx", bytes: new Uint8Array([1, 2, 3]), executionProviders: ["cuda"] },
        logger,
        failingGpu(NO_DEVICE, true),
      ),
    ).rejects.toMatchObject({ type: { code: "MODEL_CORRUPT" } });
  });
});

describe("the engine on this machine's real onnxruntime", () => {
  it("exposes the provider it runs on and each passed-over provider in /metrics", async () => {
    const registry = new Registry();
    const { logger } = capture();
    const engine = createInferenceEngine(
      { modelPath: MODEL, sha256: sha256Hex(BYTES), executionProviders: ["webgpu", "cpu"] },
      { logger, metrics: createInferenceMetrics(registry) },
    );
    await engine.start();
    try {
      const text = await registry.metrics();
      expect(text).toContain(`meshtensor_inference_provider{model="mlp.onnx",provider="${engine.provider}"} 1`);
      // WebGPU is built into onnxruntime-node's Linux core: on a host with an adapter it runs,
      // on one without (this build machine) it is passed over as NO_DEVICE and counted.
      if (engine.provider === "cpu") {
        expect(text).toMatch(
          /meshtensor_inference_provider_fallbacks_total\{model="mlp.onnx",provider="webgpu",reason="(NO_DEVICE|LIBRARY_MISSING)"\} 1/,
        );
      } else {
        expect(engine.provider).toBe("webgpu");
        expect(text).not.toContain('provider="webgpu",reason=');
      }
      const out = await engine.infer({ x: { dtype: "float32", dims: [2, 64], data: new Float32Array(128) } });
      expect(out.y?.dims).toEqual([2, 10]);
    } finally {
      await engine.stop();
    }
  });
});
