// The GPU host's side of the offline check (plain JavaScript: the host has Node from the bundle,
// no tsx, no npm). Runs each model on the CPU and on CUDA in one process, alternating, and writes
// rows/s, p50 latency and the largest difference from the CPU as JSON.
//   node host-check.mjs <out.json> <model.onnx>...   (bounded: ~8 s per model and provider)
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import * as ort from "onnxruntime-node";

const [outPath, ...models] = process.argv.slice(2);
const SECONDS = 2;
const BATCHES = [1, 16];
const result = { node: process.version, when: new Date().toISOString(), models: [] };

function feedsFor(session, rows) {
  const feeds = {};
  for (const m of session.inputMetadata) {
    const dims = m.shape.map((d, i) => (typeof d === "number" ? d : i === 0 ? rows : 32));
    const n = dims.reduce((a, b) => a * b, 1);
    const data = new Float32Array(n);
    for (let i = 0; i < n; i++) data[i] = Math.sin(i * 0.37) * 0.5;
    feeds[m.name] = new ort.Tensor("float32", data, dims);
  }
  return feeds;
}

async function measure(session, feeds, rows) {
  await session.run(feeds);
  const lat = [];
  const end = performance.now() + SECONDS * 1000;
  while (performance.now() < end && lat.length < 100_000) {
    const t = performance.now();
    await session.run(feeds);
    lat.push(performance.now() - t);
  }
  lat.sort((a, b) => a - b);
  const total = lat.reduce((a, b) => a + b, 0);
  return { rowsPerS: (lat.length * rows) / (total / 1000), p50Ms: lat[Math.floor(lat.length / 2)], runs: lat.length };
}

for (const path of models) {
  const bytes = readFileSync(path);
  const entry = { model: basename(path), rows: {} };
  const sessions = {};
  for (const p of ["cpu", "cuda"]) {
    try {
      sessions[p] = await ort.InferenceSession.create(bytes, { executionProviders: p === "cpu" ? ["cpu"] : [p, "cpu"] });
    } catch (err) {
      entry[`${p}Error`] = String(err.message ?? err).split("\n")[0];
    }
  }
  for (const rows of BATCHES) {
    const row = {};
    let cpuOut = null;
    for (const [p, s] of Object.entries(sessions)) {
      let feeds;
      try {
        feeds = feedsFor(s, rows);
        row[p] = await measure(s, feeds, rows);
      } catch (err) {
        row[p] = { error: String(err.message ?? err).split("\n")[0] };
        continue;
      }
      const out = Object.values(await s.run(feeds))[0].data;
      if (p === "cpu") cpuOut = out;
      else if (cpuOut) {
        let d = 0;
        for (let i = 0; i < out.length; i++) d = Math.max(d, Math.abs(out[i] - cpuOut[i]));
        row[p].maxAbsDiffVsCpu = d;
      }
    }
    if (row.cpu?.rowsPerS && row.cuda?.rowsPerS) row.cudaOverCpu = row.cuda.rowsPerS / row.cpu.rowsPerS;
    entry.rows[rows] = row;
  }
  for (const s of Object.values(sessions)) await s.release();
  result.models.push(entry);
  console.log(JSON.stringify(entry));
}
writeFileSync(outPath, `${JSON.stringify(result, null, 2)}\n`);
