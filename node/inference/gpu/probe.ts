/**
 * Child process of `gpu check`: open one model on one provider, run fixed inputs, print one JSON
 * line. Alone in its process so a provider that aborts or hangs cannot take the check with it,
 * and so onnxruntime's stderr (where it names a library it could not load) can be read.
 *   node --import tsx node/inference/gpu/probe.ts <cuda|webgpu|cpu> <model.onnx>
 */
import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";

const [provider, modelPath] = process.argv.slice(2);
const ROWS = 16;

async function main(): Promise<void> {
  if (provider === undefined || modelPath === undefined) throw new Error("usage: probe.ts <provider> <model.onnx>");
  const bytes = readFileSync(modelPath);
  const eps = provider === "cpu" ? ["cpu"] : [provider, "cpu"];
  const t0 = performance.now();
  const session = await ort.InferenceSession.create(bytes, { executionProviders: eps });
  const openMs = performance.now() - t0;
  const feeds: Record<string, ort.Tensor> = {};
  for (const m of session.inputMetadata) {
    if (!m.isTensor || m.type !== "float32") throw new Error(`input ${m.name}: the check feeds float32 tensors only`);
    const dims = m.shape.map((d, i) => (typeof d === "number" ? d : i === 0 ? ROWS : 1));
    const n = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = Math.sin(i * 0.37) * 0.5;
    feeds[m.name] = new ort.Tensor("float32", data, dims);
  }
  await session.run(feeds); // first run pays for lazy initialisation
  const runs: number[] = [];
  let out: ort.InferenceSession.ReturnType = {};
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    out = await session.run(feeds);
    runs.push(performance.now() - t);
  }
  runs.sort((a, b) => a - b);
  const outputs: Record<string, number[]> = {};
  for (const [name, v] of Object.entries(out)) outputs[name] = Array.from((v as ort.Tensor).data as Float32Array).slice(0, 4096);
  await session.release();
  process.stdout.write(`${JSON.stringify({ ok: true, openMs, runMs: runs[2], outputs })}\n`);
}

main().catch((err: unknown) => {
  process.stdout.write(`${JSON.stringify({ ok: false, error: err instanceof Error ? err.message : String(err) })}\n`);
  process.exitCode = 1;
});
