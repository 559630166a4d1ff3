// Bounded soak of the query path: one validator (the node's own app, validator role) queries N
// miners (node apps, miner role, all in one child process) round after round for --minutes, over
// real libp2p on 127.0.0.1, with a fake chain shared through files. Every --sample-seconds both
// processes report RSS, heap, open file descriptors and connections; at the end the script prints
// the samples, first/last figures and their ratios, so a leak shows as growth. Not a test: it
// prints figures and exits 0 unless a process fails.
// Usage: node --expose-gc --import tsx scripts/soak.ts [--minutes 10] [--miners 64] [--sample-seconds 15]
import "../lib/shims.js";
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { signerFromUri } from "../chain/wallet/signer.js";
import { silentLogger } from "../lib/logger.js";
import { createNodeApp, type NodeApp } from "../node/app/index.js";
import { parseConfig } from "../node/config/index.js";
import type { SubnetDefinition } from "../subnets/sdk/interface.js";
import { echoSumSubnet } from "../test/node/fixtures/echo-sum.js";
import { FileChain, readTxLog, writeChainFile } from "../test/reliability/fixtures/file-chain.js";

const { values: flags } = parseArgs({
  options: {
    minutes: { type: "string", default: "10" },
    miners: { type: "string", default: "64" },
    "sample-seconds": { type: "string", default: "15" },
    role: { type: "string", default: "validator" },
    dir: { type: "string" },
  },
  strict: true,
});

function positive(flag: string, text: string | undefined, max: number): number {
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > max) {
    process.stderr.write(`soak: --${flag} must be a number in (0, ${max}], got "${text ?? ""}"\n`);
    process.exit(2);
  }
  return n;
}
const MINUTES = positive("minutes", flags.minutes, 120);
const MINERS = Math.round(positive("miners", flags.miners, 256));
const SAMPLE_MS = positive("sample-seconds", flags["sample-seconds"], 600) * 1000;
const NETUID = 1;
const TOKEN = 1_000_000_000n;
const registry = { echo: echoSumSubnet("honest") as SubnetDefinition<unknown, unknown> };

interface Sample {
  t: number;
  rssMiB: number;
  heapMiB: number;
  fds: number;
  connections: number;
  [extra: string]: number;
}

function baseSample(started: number, connections: number): Sample {
  (globalThis as { gc?: () => void }).gc?.();
  const mem = process.memoryUsage();
  return {
    t: Math.round((Date.now() - started) / 1000),
    rssMiB: Math.round(mem.rss / 2 ** 20),
    heapMiB: Math.round(mem.heapUsed / 2 ** 20),
    fds: readdirSync("/proc/self/fd").length,
    connections,
  };
}

function config(dataDir: string) {
  return parseConfig({
    chain: { endpoint: "ws://127.0.0.1:1" },
    wallet: { uri: "//unused" },
    dataDir,
    subnets: [{ netuid: NETUID, subnet: "echo" }],
    network: { dht: false },
    status: { enabled: false },
    log: { level: "silent" },
    // The validator steps as fast as it can (the script drives the steps); the rate limit is generous.
    validator: { stepIntervalMs: 0, alpha: 0.1, queryTimeoutMs: 5_000 },
    miner: { metagraphSyncMs: 12_000, rateLimit: { perSecond: 1_000, burst: 1_000 } },
  });
}

/** Child: N miner apps in this process, sampled every SAMPLE_MS until stdin closes. */
async function runMiners(dir: string): Promise<void> {
  const apps: NodeApp[] = [];
  const chain = new FileChain(dir, NETUID).asClient();
  for (let i = 0; i < MINERS; i++) {
    const app = createNodeApp(config(join(dir, `miner-${i}`)), "miner", {
      logger: silentLogger(),
      chain,
      signer: await signerFromUri(`//SoakMiner${i}`),
      subnets: registry,
    });
    await app.start();
    apps.push(app);
  }
  const started = Date.now();
  const report = (): void => {
    const connections = apps.reduce((n, a) => n + a.network.connectedPeers().length, 0);
    const inFlight = apps.reduce((n, a) => n + Number(a.health().inFlight ?? 0), 0);
    process.stdout.write(`${JSON.stringify({ ...baseSample(started, connections), inFlight })}\n`);
  };
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  report();
  const timer = setInterval(report, SAMPLE_MS);
  await new Promise<void>((resolve) => process.stdin.on("end", resolve).resume());
  clearInterval(timer);
  report();
  for (const app of apps.reverse()) await app.stop();
}

/** Parent: the chain files, the miners' process, the validator loop and the report. */
async function runValidator(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "mesh-soak-"));
  const alice = await signerFromUri("//Alice");
  const neurons = [{ hotkey: alice.address, stake: 1000n * TOKEN, validatorPermit: true }];
  for (let i = 0; i < MINERS; i++)
    neurons.push({ hotkey: (await signerFromUri(`//SoakMiner${i}`)).address, stake: 0n, validatorPermit: false });
  const state = { block: 1, weightsRateLimit: 100, neurons };
  writeChainFile(dir, state);
  const blocks = setInterval(() => {
    state.block += 1;
    writeChainFile(dir, state);
  }, 1_000);

  let child: ChildProcess | null = null;
  let app: NodeApp | null = null;
  try {
    const script = fileURLToPath(import.meta.url);
    child = spawn(
      process.execPath,
      [
        "--expose-gc",
        "--import",
        "tsx",
        script,
        "--role",
        "miners",
        "--dir",
        dir,
        "--miners",
        String(MINERS),
        "--sample-seconds",
        String(SAMPLE_MS / 1000),
      ],
      {
        stdio: ["pipe", "pipe", "inherit"],
      },
    );
    const minerSamples: Sample[] = [];
    const ready = new Promise<void>((resolve, reject) => {
      let buffer = "";
      child?.stdout?.on("data", (d: Buffer) => {
        buffer += d.toString();
        const lines = buffer.split("\n");
        buffer = lines.pop() ?? "";
        for (const line of lines) {
          const msg = JSON.parse(line) as Sample & { ready?: boolean };
          if (msg.ready) resolve();
          else minerSamples.push(msg);
        }
      });
      child?.on("exit", (code) => reject(new Error(`miners' process exited with ${code}`)));
    });
    const bootStarted = Date.now();
    await ready;
    console.log(`${MINERS} miners up in ${((Date.now() - bootStarted) / 1000).toFixed(1)} s (one process, pid ${child.pid})`);

    app = createNodeApp(config(join(dir, "validator")), "validator", {
      logger: silentLogger(),
      chain: new FileChain(dir, NETUID).asClient(),
      signer: alice,
      subnets: registry,
      commitHash: () => new Uint8Array(32),
    });
    await app.start();
    const role = app.validators[0];
    if (role === undefined) throw new Error("no validator role");
    const network = app.network;

    const started = Date.now();
    const deadline = started + MINUTES * 60_000;
    const samples: Sample[] = [];
    let rounds = 0;
    let queried = 0;
    let answered = 0;
    let weightSets = 0;
    let lastSample = 0;
    const sample = (): void => {
      samples.push({ ...baseSample(started, network.connectedPeers().length), rounds, queried, answered });
      lastSample = Date.now();
    };
    sample();
    // Bounded by time; each step queries every miner once.
    while (Date.now() < deadline) {
      const report = await role.step();
      rounds += 1;
      queried += report?.queried ?? 0;
      answered += report?.answered ?? 0;
      if (report?.weights === "set") weightSets += 1;
      if (Date.now() - lastSample >= SAMPLE_MS) sample();
    }
    sample();
    child.stdin?.end();
    await new Promise((resolve) => child?.once("exit", resolve));
    const onChain = readTxLog(dir)
      .filter((t) => t.t === "weights")
      .map((t) => t.block);

    console.log("\nvalidator process (the node app, validator role):");
    console.table(samples);
    console.log(`miners' process (${MINERS} node apps, miner role):`);
    console.table(minerSamples);
    const ratio = (a: number | undefined, b: number | undefined) => (a && b ? (b / a).toFixed(2) : "n/a");
    // The first sample is taken before any connection exists; growth is judged from the second.
    const v0 = samples[1] ?? samples[0];
    const v1 = samples[samples.length - 1];
    const m0 = minerSamples[1] ?? minerSamples[0];
    const m1 = minerSamples[minerSamples.length - 1];
    console.log(
      [
        `\nsoak: ${MINUTES} min, ${MINERS} miners, ${rounds} rounds, ${queried} queries, ${answered} answered (${((answered / Math.max(1, queried)) * 100).toFixed(2)}%), ${(queried / ((Date.now() - started) / 1000)).toFixed(0)} queries/s`,
        `weights set ${weightSets} times at blocks ${onChain.join(", ")} (rate limit 100 blocks)`,
        `validator RSS ${v0?.rssMiB} -> ${v1?.rssMiB} MiB (x${ratio(v0?.rssMiB, v1?.rssMiB)}), heap ${v0?.heapMiB} -> ${v1?.heapMiB} MiB (x${ratio(v0?.heapMiB, v1?.heapMiB)}), fds ${v0?.fds} -> ${v1?.fds}, connections ${v0?.connections} -> ${v1?.connections}`,
        `miners   RSS ${m0?.rssMiB} -> ${m1?.rssMiB} MiB (x${ratio(m0?.rssMiB, m1?.rssMiB)}), heap ${m0?.heapMiB} -> ${m1?.heapMiB} MiB (x${ratio(m0?.heapMiB, m1?.heapMiB)}), fds ${m0?.fds} -> ${m1?.fds}, connections ${m0?.connections} -> ${m1?.connections}, in flight at end ${m1?.inFlight}`,
      ].join("\n"),
    );
  } finally {
    clearInterval(blocks);
    await app?.stop().catch(() => undefined);
    if (child !== null && child.exitCode === null) child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

if (flags.role === "miners") {
  if (flags.dir === undefined) {
    process.stderr.write("soak: --dir is required with --role miners\n");
    process.exit(2);
  }
  await runMiners(flags.dir);
} else {
  await runValidator();
}
