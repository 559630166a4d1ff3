import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pino } from "pino";
import { Registry } from "prom-client";
import { afterAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../lib/logger.js";
import { buildMlp } from "../../scripts/gen-mlp-model.js";
import { createInferenceMetrics } from "../metrics/index.js";
import { createInferenceEngine, type InferenceEngine, InferenceError, sha256Hex } from "./index.js";
import type { InferenceOptionsInput } from "./options.js";
import { resolveProviders } from "./session.js";

const MODEL = "subnets/inference/models/mlp.onnx";
const SHA = sha256Hex(readFileSync(MODEL));
const cleanups: Array<() => Promise<void> | void> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function engine(extra: Partial<InferenceOptionsInput> = {}, logger = silentLogger()): Promise<InferenceEngine> {
  const e = createInferenceEngine({ modelPath: MODEL, sha256: SHA, ...extra }, { logger });
  cleanups.push(() => e.stop());
  await e.start();
  return e;
}

function row(seed: number, rows = 1): Float32Array {
  const x = new Float32Array(64 * rows);
  for (let i = 0; i < x.length; i++) x[i] = Math.sin(seed * 31 + i * 0.37);
  return x;
}

async function errorOf(p: Promise<unknown>): Promise<InferenceError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InferenceError);
    return err as InferenceError;
  }
  throw new Error("expected a rejection");
}

describe("InferenceEngine on the shipped MLP", () => {
  it("loads, reports the model's inputs and the provider it runs on", async () => {
    const e = await engine();
    expect(e.provider).toBe("cpu");
    expect(e.inputs).toEqual([{ name: "x", dtype: "float32", dims: ["batch", 64] }]);
    expect(e.outputs).toEqual([{ name: "y", dtype: "float32", dims: ["batch", 10] }]);
  });

  it("batches concurrent requests and hands each its own rows, equal to running it alone", async () => {
    const e = await engine({ maxBatch: 4, maxWaitMs: 50 });
    const alone: Float32Array[] = [];
    for (let i = 0; i < 6; i++)
      alone.push((await e.infer({ x: { dtype: "float32", dims: [1, 64], data: row(i) } })).y?.data as Float32Array);
    const before = e.stats();
    const together = await Promise.all(
      Array.from({ length: 6 }, (_, i) => e.infer({ x: { dtype: "float32", dims: [1, 64], data: row(i) } })),
    );
    const after = e.stats();
    expect(after.requests - before.requests).toBe(6);
    // 6 rows at max_batch 4: two runs, not six.
    expect(after.runs - before.runs).toBe(2);
    together.forEach((out, i) => {
      expect(out.y?.dims).toEqual([1, 10]);
      const got = out.y?.data as Float32Array;
      const want = alone[i] as Float32Array;
      for (let k = 0; k < 10; k++) expect(got[k]).toBeCloseTo(want[k] as number, 5);
    });
  });

  it("with max_wait_ms 0, requests submitted together still run as one batch", async () => {
    const e = await engine({ maxBatch: 16, maxWaitMs: 0 });
    const before = e.stats();
    await Promise.all(Array.from({ length: 8 }, (_, i) => e.infer({ x: { dtype: "float32", dims: [1, 64], data: row(i) } })));
    expect(e.stats().runs - before.runs).toBe(1);
  });

  it("splits a multi-row request back out of a mixed batch", async () => {
    const e = await engine({ maxBatch: 16, maxWaitMs: 20 });
    const [a, b] = await Promise.all([
      e.infer({ x: { dtype: "float32", dims: [3, 64], data: row(9, 3) } }),
      e.infer({ x: { dtype: "float32", dims: [1, 64], data: row(4) } }),
    ]);
    expect(a?.y?.dims).toEqual([3, 10]);
    expect(b?.y?.dims).toEqual([1, 10]);
    const single = await e.infer({ x: { dtype: "float32", dims: [1, 64], data: row(4) } });
    expect(Array.from(b?.y?.data as Float32Array)).toEqual(Array.from(single.y?.data as Float32Array));
  });

  it("refuses bad inputs with errors that name the field", async () => {
    const e = await engine({ maxInputBytes: 64 * 4 * 100 });
    const cases: Array<[unknown, string, RegExp]> = [
      [{ x: { dtype: "float64", dims: [1, 64], data: new Float64Array(64) } }, "x.dtype", /expected float32, got float64/],
      [{ x: { dtype: "float32", dims: [1, 64], data: new Int32Array(64) } }, "x.data", /typed array for float32/],
      [{ x: { dtype: "float32", dims: [64], data: new Float32Array(64) } }, "x.dims", /expected rank 2/],
      [{ x: { dtype: "float32", dims: [1, 63], data: new Float32Array(63) } }, "x.dims[1]", /expected 64, got 63/],
      [{ x: { dtype: "float32", dims: [0, 64], data: new Float32Array(0) } }, "x.dims[0]", /positive integer/],
      // Huge claimed shape: refused on the ceiling before any data is looked at.
      [{ x: { dtype: "float32", dims: [10_000, 64], data: new Float32Array(64) } }, "x", /over the ceiling of 25600/],
      [{ x: { dtype: "float32", dims: [100_000, 64], data: new Float32Array(64) } }, "x.dims[0]", /exceeds the ceiling 16384/],
      [
        { x: { dtype: "float32", dims: [2, 64], data: new Float32Array(64) } },
        "x.data",
        /has 64 elements, dims \[2, 64\] need 128/,
      ],
      [{}, "x", /missing/],
      [{ x: { dtype: "float32", dims: [1, 64], data: new Float32Array(64) }, z: {} }, "z", /unknown input/],
      [{ x: { dtype: "float32", dims: [1, 64], data: new Float32Array(64).fill(Number.NaN) } }, "x.data[0]", /must be finite/],
    ];
    for (const [inputs, field, message] of cases) {
      const err = await errorOf(e.infer(inputs as never));
      expect(err.type).toMatchObject({ code: "BAD_INPUT", field });
      expect(err.message).toMatch(message);
    }
    expect(e.stats().runs).toBe(0);
  });

  it("refuses beyond max_queue and honours abort while queued", async () => {
    const e = await engine({ maxBatch: 64, maxWaitMs: 150, maxQueue: 3 });
    const x = () => ({ x: { dtype: "float32" as const, dims: [1, 64], data: row(1) } });
    const ctl = new AbortController();
    const queued = [e.infer(x()), e.infer(x()), e.infer(x(), { signal: ctl.signal })];
    const full = await errorOf(e.infer(x()));
    expect(full.type).toEqual({ code: "QUEUE_FULL", depth: 3 });
    ctl.abort();
    const results = await Promise.allSettled(queued);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "fulfilled", "rejected"]);
    expect(((results[2] as PromiseRejectedResult).reason as InferenceError).code).toBe("ABORTED");
  });

  it("stop() lets the batch in flight finish before releasing the session", async () => {
    const e = await engine({ maxBatch: 4, maxWaitMs: 0 });
    const running = Promise.all(
      Array.from({ length: 4 }, (_, i) => e.infer({ x: { dtype: "float32", dims: [1, 64], data: row(i) } })),
    );
    await Promise.resolve();
    await Promise.resolve();
    await e.stop();
    const outs = await running;
    expect(outs.map((o) => o.y?.dims)).toEqual([
      [1, 10],
      [1, 10],
      [1, 10],
      [1, 10],
    ]);
  });

  it("stop() refuses what is still queued and later calls", async () => {
    const e = await engine({ maxBatch: 64, maxWaitMs: 5_000 });
    const pending = e.infer({ x: { dtype: "float32", dims: [1, 64], data: row(2) } });
    await e.stop();
    expect((await errorOf(pending)).code).toBe("STOPPED");
    expect((await errorOf(e.infer({ x: { dtype: "float32", dims: [1, 64], data: row(2) } }))).code).toBe("NOT_STARTED");
  });

  it("reports run time, batch rows and queue depth to prom-client", async () => {
    const registry = new Registry();
    const e = createInferenceEngine(
      { modelPath: MODEL, sha256: SHA, maxBatch: 8, maxWaitMs: 20 },
      { logger: silentLogger(), metrics: createInferenceMetrics(registry) },
    );
    cleanups.push(() => e.stop());
    await e.start();
    await Promise.all(Array.from({ length: 8 }, (_, i) => e.infer({ x: { dtype: "float32", dims: [1, 64], data: row(i) } })));
    const text = await registry.metrics();
    expect(text).toMatch(/meshtensor_inference_seconds_count\{model="mlp.onnx"\} 1/);
    expect(text).toMatch(/meshtensor_inference_batch_rows_sum\{model="mlp.onnx"\} 8/);
    expect(text).toMatch(/meshtensor_inference_queue_depth\{model="mlp.onnx"\} 0/);
    expect(text).toMatch(/meshtensor_inference_requests_total\{model="mlp.onnx",outcome="ok"\} 8/);
  });
});

describe("a model with a fixed first dimension", () => {
  it("runs each request alone and refuses other batch sizes", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mt-inference-fixed-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const bytes = buildMlp([8, 4], 1, 1);
    const path = join(dir, "fixed.onnx");
    writeFileSync(path, bytes);
    const e = createInferenceEngine({ modelPath: path, sha256: sha256Hex(bytes), maxBatch: 8 }, { logger: silentLogger() });
    cleanups.push(() => e.stop());
    await e.start();
    const x = (v: number) => ({ x: { dtype: "float32" as const, dims: [1, 8], data: new Float32Array(8).fill(v) } });
    const outs = await Promise.all([e.infer(x(1)), e.infer(x(2)), e.infer(x(3))]);
    expect(outs.map((o) => o.y?.dims)).toEqual([
      [1, 4],
      [1, 4],
      [1, 4],
    ]);
    expect(e.stats()).toMatchObject({ runs: 3, requests: 3 });
    const err = await errorOf(e.infer({ x: { dtype: "float32", dims: [2, 8], data: new Float32Array(16) } }));
    expect(err.type).toMatchObject({ code: "BAD_INPUT", field: "x.dims[0]", reason: "expected 1, got 2" });
  });
});

describe("worker thread", () => {
  it("gives the same outputs as the main thread, batched the same way", async () => {
    const main = await engine({ maxBatch: 8 });
    const worker = await engine({ maxBatch: 8, thread: "worker" });
    const inputs = Array.from({ length: 5 }, (_, i) => ({ x: { dtype: "float32" as const, dims: [1, 64], data: row(i) } }));
    const a = await Promise.all(inputs.map((x) => main.infer(x)));
    const before = worker.stats();
    const b = await Promise.all(inputs.map((x) => worker.infer(x)));
    expect(worker.stats().runs - before.runs).toBe(1);
    expect(b.map((o) => Array.from(o.y?.data as Float32Array))).toEqual(a.map((o) => Array.from(o.y?.data as Float32Array)));
    // The caller's input arrays are copied to the worker, never detached.
    expect(inputs[0]?.x.data.length).toBe(64);
  });

  it("keeps the event loop turning while a long inference runs", async () => {
    const models = (await import("../../subnets/ocr/models.js")).defaultOcrModels();
    const det = createInferenceEngine(
      { modelPath: models.detection.path, sha256: models.detection.sha256, thread: "worker", warmup: false },
      { logger: silentLogger() },
    );
    cleanups.push(() => det.stop());
    await det.start();
    let done = false;
    let turns = 0;
    const spin = () => {
      turns++;
      if (!done) setImmediate(spin);
    };
    const running = det.infer({ x: { dtype: "float32", dims: [1, 3, 320, 640], data: new Float32Array(3 * 320 * 640) } });
    setImmediate(spin);
    await running;
    done = true;
    // On the main thread the session run holds the loop: one turn (measured by switching this test to "main").
    // In the worker the loop keeps turning for the whole run.
    expect(turns).toBeGreaterThan(10);
  });

  it("reports a corrupt model from the worker as MODEL_CORRUPT and a stopped engine as STOPPED", async () => {
    const dir = mkdtempSync(join(tmpdir(), "mt-inference-w-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const bytes = readFileSync(MODEL).subarray(0, 4000);
    const path = join(dir, "bad.onnx");
    writeFileSync(path, bytes);
    const bad = createInferenceEngine(
      { modelPath: path, sha256: sha256Hex(bytes), thread: "worker" },
      { logger: silentLogger() },
    );
    const err = await errorOf(bad.start());
    expect(err.type).toMatchObject({ code: "MODEL_CORRUPT", path });
    const e = await engine({ thread: "worker" });
    await e.stop();
    expect((await errorOf(e.infer({ x: { dtype: "float32", dims: [1, 64], data: row(1) } }))).code).toBe("NOT_STARTED");
  });
});

describe("model file checks", () => {
  const dir = mkdtempSync(join(tmpdir(), "mt-inference-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));

  it("refuses a missing file", async () => {
    const e = createInferenceEngine({ modelPath: join(dir, "nope.onnx"), sha256: SHA }, { logger: silentLogger() });
    const err = await errorOf(e.start());
    expect(err.type).toEqual({ code: "MODEL_NOT_FOUND", path: join(dir, "nope.onnx") });
  });

  it("refuses a file whose sha256 differs from the configured one", async () => {
    const e = createInferenceEngine({ modelPath: MODEL, sha256: "0".repeat(64) }, { logger: silentLogger() });
    const err = await errorOf(e.start());
    expect(err.type).toEqual({ code: "MODEL_HASH_MISMATCH", path: MODEL, expected: "0".repeat(64), actual: SHA });
  });

  it("refuses a corrupt file even when its hash is the configured one", async () => {
    const bytes = readFileSync(MODEL).subarray(0, 5000); // truncated protobuf
    const path = join(dir, "corrupt.onnx");
    writeFileSync(path, bytes);
    const e = createInferenceEngine({ modelPath: path, sha256: sha256Hex(bytes) }, { logger: silentLogger() });
    const err = await errorOf(e.start());
    expect(err.code).toBe("MODEL_CORRUPT");
    expect(err.message).toContain(path);
  });

  it("refuses a file over the size ceiling before reading it", async () => {
    const e = createInferenceEngine({ modelPath: MODEL, sha256: SHA, maxModelBytes: 1000 }, { logger: silentLogger() });
    expect((await errorOf(e.start())).type).toMatchObject({ code: "MODEL_TOO_LARGE", maxBytes: 1000 });
  });

  it("names the bad option key", () => {
    expect(() => createInferenceEngine({ modelPath: MODEL, sha256: "abc" }, { logger: silentLogger() })).toThrow(/sha256/);
    expect(() =>
      createInferenceEngine({ modelPath: MODEL, sha256: SHA, maxBatchh: 3 } as never, { logger: silentLogger() }),
    ).toThrow(/maxBatchh/);
  });
});

describe("execution providers", () => {
  it("orders cuda first when installed, and falls back to cpu when it is not", () => {
    expect(resolveProviders(undefined, true)).toEqual({ providers: ["cuda", "cpu"], cudaMissing: false });
    expect(resolveProviders(undefined, false)).toEqual({ providers: ["cpu"], cudaMissing: false });
    expect(resolveProviders(["cuda"], false)).toEqual({ providers: ["cpu"], cudaMissing: true });
    expect(resolveProviders(["cuda", "cpu"], true)).toEqual({ providers: ["cuda", "cpu"], cudaMissing: false });
  });

  it("says once, clearly, that CUDA was asked for and is missing, then serves on CPU", async () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const logger = pino({ level: "warn" }, { write: (s: string) => lines.push(JSON.parse(s)) });
    const a = await engine({ executionProviders: ["cuda", "cpu"] }, logger);
    const b = await engine({ executionProviders: ["cuda"] }, logger);
    expect(a.provider).toBe("cpu");
    expect(b.provider).toBe("cpu");
    const warnings = lines.filter((l) => /CUDA/.test(l.msg));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(/CUDA execution provider requested but not installed; running on CPU/);
    const out = await b.infer({ x: { dtype: "float32", dims: [1, 64], data: row(3) } });
    expect(out.y?.dims).toEqual([1, 10]);
  });
});
