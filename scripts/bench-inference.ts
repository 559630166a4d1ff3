/**
 * Inference throughput, printed: for each model, raw onnxruntime (one session.run per batch) at
 * batch 1 and 16, the same through the engine (validation + dynamic batching of single-row
 * requests), and for the subnets the full network path (signed envelopes over libp2p on
 * 127.0.0.1, the subnet's schema and miner handler). Target: engine >= 90% of raw at batch 16.
 *
 *   npx tsx scripts/bench-inference.ts [--provider cpu|cuda|webgpu] [--thread main|worker] [--seconds 1] [--rounds 3]
 *                                      [--models mlp,cls,rec,det] [--no-network]
 */
import "../lib/shims.js";
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import os from "node:os";
import { parseArgs } from "node:util";
import { signerFromUri } from "../chain/wallet/signer.js";
import { silentLogger } from "../lib/logger.js";
import {
  createInferenceEngine,
  type ExecutionProvider,
  type InferenceEngine,
  inferenceEngineFactory,
  type NamedTensors,
  openSession,
  sha256Hex,
} from "../node/inference/index.js";
import {
  createNetwork,
  decodeEnvelope,
  decodeJsonBody,
  encodeEnvelope,
  encodeJsonBody,
  MessageKind,
  type Network,
  Status,
  sessionSigner,
  signEnvelope,
  verifyEnvelope,
  WIRE_VERSION,
} from "../node/network/index.js";
import { DEFAULT_MODEL_PATH, DEFAULT_MODEL_SHA256, inferenceSubnet } from "../subnets/inference/index.js";
import { ocrSubnet } from "../subnets/ocr/index.js";
import { defaultOcrModels } from "../subnets/ocr/models.js";
import type { SubnetDefinition } from "../subnets/sdk/interface.js";
import { createRng } from "../subnets/sdk/rng.js";
import { type BenchFigure, emitBenchResult } from "./bench/report.js";

const { values } = parseArgs({
  options: {
    provider: { type: "string" },
    seconds: { type: "string", default: "1" },
    rounds: { type: "string", default: "3" },
    thread: { type: "string", default: "main" },
    models: { type: "string", default: "mlp,cls,rec,det" },
    "no-network": { type: "boolean", default: false },
  },
});
if (values.provider !== undefined && !["cpu", "cuda", "webgpu"].includes(values.provider)) {
  throw new Error(`--provider: expected cpu, cuda or webgpu, got ${values.provider}`);
}
const providers: ExecutionProvider[] | undefined =
  values.provider === undefined ? undefined : [...new Set([values.provider as ExecutionProvider, "cpu" as const])];
const seconds = Number(values.seconds);
if (!(seconds > 0 && seconds <= 60)) throw new Error(`--seconds: expected 0 < s <= 60, got ${values.seconds}`);
if (values.thread !== "main" && values.thread !== "worker")
  throw new Error(`--thread: expected main or worker, got ${values.thread}`);
const thread = values.thread;
const rounds = Number(values.rounds);
if (!(Number.isInteger(rounds) && rounds >= 1 && rounds <= 20))
  throw new Error(`--rounds: expected an integer 1..20, got ${values.rounds}`);
const logger = silentLogger();
const figures: BenchFigure[] = [];
const ocr = defaultOcrModels();

interface ModelCase {
  name: string;
  path: string;
  sha256: string;
  /** One row's shape (after the batch dimension). */
  row: number[];
}
const MODELS: Record<string, ModelCase> = {
  mlp: { name: "mlp (inference subnet)", path: DEFAULT_MODEL_PATH, sha256: DEFAULT_MODEL_SHA256, row: [64] },
  cls: { name: "PP-OCR cls 48x192", path: ocr.classifier.path, sha256: ocr.classifier.sha256, row: [3, 48, 192] },
  rec: { name: "PP-OCRv4 rec 48x320", path: ocr.recognition.path, sha256: ocr.recognition.sha256, row: [3, 48, 320] },
  det: { name: "PP-OCRv4 det 160x480", path: ocr.detection.path, sha256: ocr.detection.sha256, row: [3, 160, 480] },
};

function feeds(row: number[], rows: number, seed: number): NamedTensors {
  const rng = createRng(seed);
  const n = rows * row.reduce((a, b) => a * b, 1);
  const data = new Float32Array(n);
  for (let i = 0; i < n; i++) data[i] = rng.next() * 2 - 1;
  return { x: { dtype: "float32", dims: [rows, ...row], data } };
}

/** Runs `step` (which handles `rowsPerStep` rows) until the budget is spent and at least twice; rows/s. */
async function timed(rowsPerStep: number, step: () => Promise<unknown>): Promise<number> {
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let iters = 0;
  while (iters < 2 || (performance.now() < deadline && iters < 100_000)) {
    await step();
    iters++;
  }
  return (iters * rowsPerStep) / ((performance.now() - started) / 1000);
}

/** Keeps `inFlight` requests of `input`'s rows outstanding on the engine; rows/s and mean batch rows. */
async function engineLoad(
  engine: InferenceEngine,
  input: NamedTensors,
  inFlight: number,
): Promise<{ rowsPerSec: number; meanRows: number }> {
  const rows = input.x?.dims[0] ?? 1;
  const before = engine.stats();
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  let done = 0;
  const worker = async () => {
    while ((done < inFlight * 2 || performance.now() < deadline) && done < 1_000_000) {
      await engine.infer(input);
      done++;
    }
  };
  await Promise.all(Array.from({ length: inFlight }, worker));
  const elapsed = (performance.now() - started) / 1000;
  const after = engine.stats();
  return { rowsPerSec: (done * rows) / elapsed, meanRows: (after.rows - before.rows) / Math.max(1, after.runs - before.runs) };
}

const fmt = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/**
 * Raw and engine figures are taken in alternating rounds, so both see the same machine load
 * (this is a shared machine); medians are printed, and the per-round ratio range shows the noise.
 */
async function benchModel(key: string): Promise<void> {
  const m = MODELS[key];
  if (!m) throw new Error(`--models: unknown model ${key}; known: ${Object.keys(MODELS).join(", ")}`);
  const bytes = await readFile(m.path);
  if (sha256Hex(bytes) !== m.sha256) throw new Error(`${m.path}: sha256 differs from the pinned one`);
  const session = await openSession({ path: m.path, bytes, ...(providers ? { executionProviders: providers } : {}) }, logger);
  const engine = createInferenceEngine(
    { modelPath: m.path, sha256: m.sha256, maxBatch: 16, thread, ...(providers ? { executionProviders: providers } : {}) },
    { logger },
  );
  await engine.start();
  try {
    const batch1 = feeds(m.row, 1, 1);
    const batch16 = feeds(m.row, 16, 2);
    // Warm every shape once on both paths.
    await session.run(batch1);
    await session.run(batch16);
    await engine.infer(batch1);
    await engine.infer(batch16);
    const r = {
      raw1: [] as number[],
      raw16: [] as number[],
      eng1: [] as number[],
      engRows16: [] as number[],
      eng16: [] as number[],
      meanRows: [] as number[],
    };
    for (let round = 0; round < rounds; round++) {
      r.raw1.push(await timed(1, () => session.run(batch1)));
      r.eng1.push((await engineLoad(engine, batch1, 1)).rowsPerSec);
      r.raw16.push(await timed(16, () => session.run(batch16)));
      // One 16-row request at a time: what a miner sees from the inference subnet's validator.
      r.engRows16.push((await engineLoad(engine, batch16, 1)).rowsPerSec);
      // 32 single-row requests in flight: while one batch of 16 runs, the next 16 queue up.
      const dyn = await engineLoad(engine, batch1, 32);
      r.eng16.push(dyn.rowsPerSec);
      r.meanRows.push(dyn.meanRows);
    }
    const ratios = (a: number[], b: number[]) => {
      const each = a.map((x, i) => x / (b[i] as number));
      return `${pct(median(a) / median(b))} (rounds ${pct(Math.min(...each))}-${pct(Math.max(...each))})`;
    };
    console.log(
      `\n${m.name}  provider=${session.provider} (engine: ${engine.provider}, ${thread} thread), ${rounds} rounds, medians`,
    );
    console.log(`  raw onnxruntime batch 1         : ${fmt(median(r.raw1))} rows/s (${fmt(1000 / median(r.raw1))} ms/run)`);
    console.log(`  raw onnxruntime batch 16        : ${fmt(median(r.raw16))} rows/s (${fmt(16_000 / median(r.raw16))} ms/run)`);
    console.log(`  engine, 1 request in flight     : ${fmt(median(r.eng1))} rows/s = ${ratios(r.eng1, r.raw1)} of raw batch 1`);
    console.log(
      `  engine, 16-row requests         : ${fmt(median(r.engRows16))} rows/s = ${ratios(r.engRows16, r.raw16)} of raw batch 16`,
    );
    console.log(
      `  engine, 32 x 1-row in flight    : ${fmt(median(r.eng16))} rows/s, batches of ${median(r.meanRows).toFixed(1)} rows = ${ratios(r.eng16, r.raw16)} of raw batch 16`,
    );
    const raw1 = { name: `${key} raw onnxruntime batch 1`, value: median(r.raw1) };
    const raw16 = { name: `${key} raw onnxruntime batch 16`, value: median(r.raw16) };
    const vs = (value: number, base: { name: string; value: number }, target?: string) => ({
      ...base,
      ratio: value / base.value,
      ...(target ? { target } : {}),
    });
    figures.push(
      { name: raw1.name, value: raw1.value, unit: "rows/s", repeats: rounds },
      { name: raw16.name, value: raw16.value, unit: "rows/s", repeats: rounds },
      {
        name: `${key} engine, 1 request in flight`,
        value: median(r.eng1),
        unit: "rows/s",
        repeats: rounds,
        comparedWith: vs(median(r.eng1), raw1),
      },
      {
        name: `${key} engine, 16-row requests`,
        value: median(r.engRows16),
        unit: "rows/s",
        repeats: rounds,
        comparedWith: vs(median(r.engRows16), raw16, ">= 0.9"),
      },
      {
        name: `${key} engine, 32 x 1-row requests in flight (dynamic batches)`,
        value: median(r.eng16),
        unit: "rows/s",
        repeats: rounds,
        comparedWith: vs(median(r.eng16), raw16, ">= 0.9"),
      },
    );
  } finally {
    await engine.stop();
    await session.release();
  }
}

/** Miner and validator on two libp2p nodes: signed envelopes, JSON bodies, the subnet's schemas and handler. */
async function benchNetwork<Req, Res>(
  label: string,
  subnet: SubnetDefinition<Req, Res>,
  makeRequest: (i: number) => Promise<Req>,
  rowsPerRequest: number,
  inFlight: number[],
) {
  const netuid = 1;
  const [minerHotkey, validatorHotkey] = await Promise.all([signerFromUri("//BenchMiner"), signerFromUri("//BenchValidator")]);
  // Session keys, as nodes sign by default (docs/PROTOCOL.md).
  const minerKey = sessionSigner(minerHotkey);
  const validatorKey = sessionSigner(validatorHotkey);
  const cleanups: Array<() => Promise<void>> = [];
  try {
    const minerNet: Network = await createNetwork(
      { dht: false, allow: ["/ip4/127.0.0.1"] },
      { logger, peerKeySeed: randomBytes(32) },
    );
    await minerNet.start();
    cleanups.push(() => minerNet.stop());
    const validatorNet: Network = await createNetwork({ dht: false }, { logger, peerKeySeed: randomBytes(32) });
    await validatorNet.start();
    cleanups.push(() => validatorNet.stop());
    const miner = await subnet.createMiner({
      logger,
      inference: inferenceEngineFactory({ logger }),
      ...(providers ? { options: { executionProviders: providers } } : {}),
    });
    cleanups.push(() => miner.close());
    const caller = { uid: 0, hotkey: validatorKey.address, stake: 0n };
    await minerNet.serve(netuid, async (message) => {
      const started = performance.now();
      const request = decodeEnvelope(message);
      let status: number = Status.ok;
      let body: Uint8Array = new Uint8Array();
      if (!(await verifyEnvelope(netuid, request))) status = Status.badSignature;
      else {
        const parsed = subnet.requestSchema.safeParse(decodeJsonBody(request.body));
        if (!parsed.success) status = Status.badPayload;
        else {
          try {
            body = encodeJsonBody(
              await miner.handle(parsed.data, { signal: AbortSignal.timeout(subnet.queryTimeoutMs), caller }),
            );
          } catch {
            status = Status.handlerError;
          }
        }
      }
      const response = signEnvelope(netuid, minerKey, {
        version: WIRE_VERSION,
        kind: MessageKind.response,
        status,
        requestId: request.requestId,
        nonce: request.nonce,
        processingMs: performance.now() - started,
        body,
      });
      return encodeEnvelope(response);
    });
    const target = { peerId: minerNet.peerId, multiaddrs: minerNet.getMultiaddrs() };
    await validatorNet.connect(target, netuid);
    let requestId = 0;
    let nonce = 0n;
    const query = async (req: Req): Promise<number> => {
      const started = performance.now();
      requestId++;
      nonce++;
      const env = signEnvelope(netuid, validatorKey, {
        version: WIRE_VERSION,
        kind: MessageKind.request,
        status: Status.ok,
        requestId,
        nonce,
        processingMs: 0,
        body: encodeJsonBody(req),
      });
      const reply = decodeEnvelope(
        await validatorNet.request(target, netuid, requestId, encodeEnvelope(env), AbortSignal.timeout(subnet.queryTimeoutMs)),
      );
      if (reply.status !== Status.ok || !(await verifyEnvelope(netuid, reply)))
        throw new Error(`query failed with status ${reply.status}`);
      subnet.responseSchema.parse(decodeJsonBody(reply.body));
      return performance.now() - started;
    };
    const requests = await Promise.all(Array.from({ length: 8 }, (_, i) => makeRequest(i)));
    await query(requests[0] as Req);
    for (const n of inFlight) {
      const latencies: number[] = [];
      const deadline = performance.now() + seconds * 1000;
      const started = performance.now();
      let i = 0;
      const worker = async () => {
        while ((performance.now() < deadline || latencies.length < n * 2) && latencies.length < 100_000) {
          latencies.push(await query(requests[i++ % requests.length] as Req));
        }
      };
      await Promise.all(Array.from({ length: n }, worker));
      const elapsed = (performance.now() - started) / 1000;
      latencies.sort((a, b) => a - b);
      const p50 = latencies[Math.floor(latencies.length / 2)] as number;
      const p99 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.99))] as number;
      console.log(
        `  network ${String(n).padStart(2)} in flight: ${fmt((latencies.length * rowsPerRequest) / elapsed)} rows/s, ${fmt(latencies.length / elapsed)} queries/s, p50 ${fmt(p50)} ms, p99 ${fmt(p99)} ms`,
      );
      figures.push(
        { name: `${label}, ${n} in flight`, value: (latencies.length * rowsPerRequest) / elapsed, unit: "rows/s" },
        { name: `${label}, ${n} in flight, p50 latency`, value: p50, unit: "ms", repeats: latencies.length },
      );
    }
  } finally {
    for (const c of cleanups.reverse()) await c().catch(() => undefined);
  }
}

async function main(): Promise<void> {
  try {
    await run();
  } finally {
    // For `npm run bench` (scripts/bench): figures as medians with same-run comparisons.
    emitBenchResult({
      suite: "inference",
      notes: [
        `CPU provider unless --provider cuda; ${thread} thread; ${os.cpus().length} CPUs, load ${os.loadavg()[0]?.toFixed(1)} at the end`,
        "raw and engine figures are taken in alternating rounds so both see the same machine load",
        "network path: two libp2p nodes on 127.0.0.1, session-key-signed envelopes, JSON + zod, the subnet miner handler (no chain gate)",
      ],
      figures,
    });
  }
}

async function run(): Promise<void> {
  console.log(
    `bench-inference: node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0]?.toFixed(1)}, ${seconds}s per figure, provider asked: ${values.provider ?? "auto"}`,
  );
  for (const key of (values.models as string).split(",")) await benchModel(key.trim());
  if (values["no-network"]) return;
  console.log("\nfull network path (libp2p on 127.0.0.1, session-key-signed envelopes, JSON + zod, subnet miner handler)");
  console.log("inference subnet (mlp), 1-row requests; the miner's engine batches concurrent queries:");
  const rng = createRng(9);
  const validator = await inferenceSubnet.createValidator({
    logger,
    inference: inferenceEngineFactory({ logger }),
    options: { rows: 1, seed: 1, verifyRate: 0 },
  });
  try {
    await benchNetwork(
      "network path, inference subnet, 1-row queries",
      inferenceSubnet,
      async () => (await validator.challenge()).request,
      1,
      [1, 16],
    );
  } finally {
    await validator.close();
  }
  console.log("inference subnet (mlp), 16-row requests:");
  const validator16 = await inferenceSubnet.createValidator({
    logger,
    inference: inferenceEngineFactory({ logger }),
    options: { rows: 16, seed: 2, verifyRate: 0 },
  });
  try {
    await benchNetwork(
      "network path, inference subnet, 16-row queries",
      inferenceSubnet,
      async () => (await validator16.challenge()).request,
      16,
      [1, 4],
    );
  } finally {
    await validator16.close();
  }
  console.log("ocr subnet, one 480x160 challenge image per query (rows = images):");
  const ocrValidator = await ocrSubnet.createValidator({
    logger,
    inference: inferenceEngineFactory({ logger }),
    options: { seed: rng.int(0, 1000) },
  });
  try {
    await benchNetwork(
      "network path, ocr subnet, images",
      ocrSubnet,
      async () => (await ocrValidator.challenge()).request,
      1,
      [1, 4],
    );
  } finally {
    await ocrValidator.close();
  }
}

await main();
