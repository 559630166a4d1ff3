// Benchmark of the node's peer-to-peer path. Prints figures and ratios from one run:
//  1. two nodes (this process and a child): 1 KiB and 1 MiB round trips and 64-in-flight
//     throughput for a raw TCP length-prefixed echo, Node http keep-alive, the bare libp2p
//     transport (one long-lived yamux stream, frames multiplexed by request id) and the full
//     query protocol (signed request and response, nonce check, JSON, zod schemas), signed by
//     session keys (the default) and by the hotkey itself;
//  2. a validator's cold and warm fan-out of a 4 KiB query to 32, 128 and 256 miners that run in
//     child processes (32 libp2p nodes per process), full query protocol.
// Usage: npx tsx scripts/bench-p2p.ts [--quick] [--max-miners 256]
// Every loop is bounded by count and time; every child is killed at the end, even on failure.
import "../lib/shims.js";
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { connect, type Socket } from "node:net";
import { availableParallelism, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { z } from "zod";
import { signerFromUri } from "../chain/wallet/signer.js";
import { silentLogger } from "../lib/logger.js";
import {
  createDendrite,
  createMessageSigner,
  createNetwork,
  createNonceSource,
  encodeJsonBody,
  MessageKind,
  type Network,
  peerIdFromSeed,
  type QueryTarget,
  type SigningMode,
  signEnvelope,
  verifyEnvelope,
  WIRE_VERSION,
} from "../node/network/index.js";
import { emitBenchResult } from "./bench/report.js";

const { values: flags } = parseArgs({
  options: { quick: { type: "boolean", default: false }, "max-miners": { type: "string", default: "256" } },
});
const QUICK = flags.quick === true;
const MAX_MINERS = Math.max(32, Math.min(512, Number(flags["max-miners"])));
const NETUID = 7;
const KiB = 1024;
const MiB = 1024 * 1024;
const HERE = dirname(fileURLToPath(import.meta.url));
const PEER = join(HERE, "bench-p2p-peer.ts");
const responseSchema = z.object({ pad: z.string() }).strict();
const children: ChildProcess[] = [];

// ---------- small helpers ----------
const pct = (sorted: number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const fmt = (ms: number): string => (ms < 1 ? `${(ms * 1000).toFixed(0)} us` : `${ms.toFixed(2)} ms`);

/** Runs `once` sequentially until `count` runs or `maxMs` passed (after `warmup` unmeasured runs). */
async function roundTrips(
  once: () => Promise<void>,
  count: number,
  maxMs: number,
  warmup = 20,
): Promise<{ p50: number; mean: number; n: number }> {
  for (let i = 0; i < warmup; i++) await once();
  const times: number[] = [];
  const deadline = performance.now() + maxMs;
  while (times.length < count && performance.now() < deadline) {
    const t = performance.now();
    await once();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { p50: pct(times, 50), mean: times.reduce((a, b) => a + b, 0) / times.length, n: times.length };
}

/** Keeps `inFlight` requests outstanding until `total` completed or `maxMs` passed; returns requests per second. */
async function throughput(once: () => Promise<void>, inFlight: number, total: number, maxMs: number): Promise<number> {
  for (let i = 0; i < 50; i++) await once();
  let started = 0;
  let done = 0;
  const t0 = performance.now();
  const deadline = t0 + maxMs;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (started < total && performance.now() < deadline) {
        started += 1;
        await once();
        done += 1;
      }
    }),
  );
  return done / ((performance.now() - t0) / 1000);
}

interface FanoutRounds {
  times: number[];
  p50: number;
  /** CPU time per round, in ms, of this process (the validator) and of the miner processes. */
  validatorCpuMs: number;
  minersCpuMs: number;
}
type FanoutComparison = { session: FanoutRounds; hotkey: FanoutRounds; bare: FanoutRounds };

/** User + system CPU time in ms of the given processes so far, from /proc (Linux); NaN elsewhere. */
function cpuMs(pids: Array<number | undefined>): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      // Fields after the command name: utime and stime are the 12th and 13th.
      const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]?.split(" ") ?? [];
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      return Number.NaN;
    }
  }
  // /proc reports clock ticks (USER_HZ), 100 per second on Linux.
  return ticks * 10;
}

/** Resident set of a process in MiB from /proc (Linux); NaN where it cannot be read. */
function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) / 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

function spawnPeer(args: string[], timeoutMs: number): Promise<{ child: ChildProcess; info: Record<string, unknown> }> {
  const child = spawn(process.execPath, ["--import", "tsx", PEER, ...args], { stdio: ["pipe", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let text = "";
    const timer = setTimeout(() => reject(new Error(`peer ${args[0]} did not start in ${timeoutMs} ms`)), timeoutMs);
    child.stdout?.on("data", (chunk: Buffer) => {
      text += chunk.toString();
      const line = text.indexOf("\n");
      if (line >= 0) {
        clearTimeout(timer);
        resolve({ child, info: JSON.parse(text.slice(0, line)) as Record<string, unknown> });
      }
    });
    child.once("exit", (code) => reject(new Error(`peer ${args[0]} exited with ${code}`)));
  });
}

async function killChildren(): Promise<void> {
  await Promise.all(
    children.splice(0).map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          const hard = setTimeout(() => child.kill("SIGKILL"), 3000);
          child.once("exit", () => {
            clearTimeout(hard);
            resolve();
          });
          child.kill("SIGTERM");
        }),
    ),
  );
}

// ---------- raw TCP length-prefixed echo client (in-order responses) ----------
function tcpClient(port: number): Promise<{ send: (payload: Buffer) => Promise<void>; close: () => void }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, "127.0.0.1", () => {
      socket.setNoDelay(true);
      const waiting: Array<() => void> = [];
      let buffered = Buffer.alloc(0);
      socket.on("data", (chunk) => {
        buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
        let offset = 0;
        while (buffered.length - offset >= 4) {
          const length = buffered.readUInt32BE(offset);
          if (buffered.length - offset < 4 + length) break;
          offset += 4 + length;
          waiting.shift()?.();
        }
        buffered = buffered.subarray(offset);
      });
      resolve({
        send: (payload) =>
          new Promise<void>((done) => {
            const header = Buffer.alloc(4);
            header.writeUInt32BE(payload.length);
            waiting.push(done);
            socket.write(Buffer.concat([header, payload]));
          }),
        close: () => socket.destroy(),
      });
    });
    socket.once("error", reject);
  });
}

function httpClient(port: number, sockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  return {
    send: (payload: Buffer) =>
      new Promise<void>((resolve, reject) => {
        const req = httpRequest(
          { host: "127.0.0.1", port, method: "POST", path: "/", agent, headers: { "content-length": payload.length } },
          (res) => {
            res.on("data", () => undefined);
            res.on("end", () => resolve());
          },
        );
        req.once("error", reject);
        req.end(payload);
      }),
    close: () => agent.destroy(),
  };
}

/** A bare frame for the transport echo: request id at bytes 4..8, as the envelope has it. */
function frame(id: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  new DataView(out.buffer).setUint32(4, id);
  return out;
}

// ---------- main ----------
const validatorUri = "//BenchValidator";
const signer = await signerFromUri(validatorUri);
const seed = randomBytes(32);
const validatorPeerId = await peerIdFromSeed(seed);
const logger = silentLogger();

async function startValidatorNetwork(): Promise<Network> {
  const network = await createNetwork(
    { dht: false, maxMessageBytes: 4 * MiB, maxConnections: 2048 },
    { logger, peerKeySeed: seed },
  );
  await network.start();
  return network;
}

/** Netuid 7: session-key signatures (the default); netuid 9: every message signed by the hotkey. */
function dendriteFor(network: Network, signing: SigningMode = "session") {
  return createDendrite(
    { netuid: signing === "session" ? NETUID : NETUID + 2, maxInFlight: 1024, signing },
    { network, signer, nonces: createNonceSource(), responseSchema, metrics: null, logger },
  );
}

const results: Record<string, unknown> = { node: process.version, quick: QUICK };
try {
  console.log(`bench-p2p: node ${process.version}, ${QUICK ? "quick" : "full"} run, miners up to ${MAX_MINERS}`);
  const load = () =>
    loadavg()
      .map((l) => l.toFixed(1))
      .join(" ");
  console.log(
    `host: ${availableParallelism()} cores, load average ${load()} at start (figures are only comparable at similar load)`,
  );
  results.loadAtStart = loadavg();

  // ===== 0. CPU per query message (what bounds a fan-out on a small host) =====
  {
    const network0 = await startValidatorNetwork(); // loads the wasm sr25519
    await network0.stop();
    const body = encodeJsonBody({ pad: "x".repeat(4 * KiB) });
    const unsigned = {
      version: WIRE_VERSION,
      kind: MessageKind.request,
      status: 0,
      requestId: 1,
      nonce: 1n,
      processingMs: 0,
      body,
    };
    const n = 300;
    const perScheme: Record<string, { signMs: number; verifyMs: number }> = {};
    for (const mode of ["hotkey", "session"] as const) {
      const messageSigner = createMessageSigner(signer, mode);
      let env = signEnvelope(NETUID, messageSigner, unsigned);
      await verifyEnvelope(NETUID, env); // a session certificate is checked once, then cached
      let t = performance.now();
      for (let i = 0; i < n; i++) env = signEnvelope(NETUID, messageSigner, unsigned);
      const signMs = (performance.now() - t) / n;
      t = performance.now();
      for (let i = 0; i < n; i++) await verifyEnvelope(NETUID, env);
      const verifyMs = (performance.now() - t) / n;
      perScheme[mode] = { signMs, verifyMs };
      console.log(
        `${mode === "hotkey" ? "\n0) " : "   "}CPU per 4 KiB message signed by ${mode === "hotkey" ? "the hotkey (sr25519, wasm)" : "a session key (Ed25519, native)"}:` +
          ` sign ${fmt(signMs)}, verify ${fmt(verifyMs)}; 256 answers cost the validator >= ${fmt(256 * verifyMs)} to verify`,
      );
    }
    const hotkeyCost = (perScheme.hotkey?.signMs ?? 0) + (perScheme.hotkey?.verifyMs ?? 0);
    const sessionCost = (perScheme.session?.signMs ?? 0) + (perScheme.session?.verifyMs ?? 0);
    console.log(`   sign + verify, hotkey / session key = ${(hotkeyCost / sessionCost).toFixed(2)}x`);
    results.cpuPerMessage = perScheme;
  }

  // ===== 1. two nodes =====
  const { info } = await spawnPeer(["server", validatorUri, validatorPeerId], 30_000);
  const server = info as { miner: { peerId: string; multiaddrs: string[]; hotkey: string }; tcpPort: number; httpPort: number };
  const network = await startValidatorNetwork();
  const peer = { peerId: server.miner.peerId, multiaddrs: server.miner.multiaddrs };
  const dendrite = dendriteFor(network);
  const hotkeyDendrite = dendriteFor(network, "hotkey");
  const target: QueryTarget = { uid: 1, hotkey: server.miner.hotkey, peer };
  await network.connect(peer, NETUID + 1);
  await network.connect(peer, NETUID);

  const n1k = QUICK ? 500 : 3000;
  const n1m = QUICK ? 20 : 100;
  const inflightTotal = QUICK ? 5000 : 30000;
  const kib = Buffer.alloc(KiB, 7);
  const kib64 = Buffer.alloc(64 * KiB, 7);
  const mib = Buffer.alloc(MiB, 7);

  const tcp = await tcpClient(server.tcpPort);
  const http1 = httpClient(server.httpPort, 1);
  const http64 = httpClient(server.httpPort, 64);
  let id = 1;
  const p2p = (size: number) => async () => {
    const rid = id++;
    await network.request(peer, NETUID + 1, rid, frame(rid, size), AbortSignal.timeout(10_000));
  };
  const pad1k = "x".repeat(KiB);
  const pad64k = "x".repeat(64 * KiB);
  const pad1m = "x".repeat(MiB);
  const query =
    (pad: string, d = dendrite) =>
    async () => {
      const [outcome] = await d.query([{ target, request: { pad } }], 10_000);
      if (!outcome?.ok) throw new Error(`query failed: ${outcome?.ok === false ? outcome.message : "?"}`);
    };

  type Rtt = { p50: number; mean: number; n: number };
  // [name, 1 KiB round trip, 1 MiB round trip, 64-in-flight 1 KiB req/s, 64 KiB round trip]
  const rows: Array<[string, Rtt, Rtt, number, Rtt]> = [];
  const measure = async (
    name: string,
    small: () => Promise<void>,
    large: () => Promise<void>,
    parallel: () => Promise<void>,
    medium: () => Promise<void>,
  ) => {
    const a = await roundTrips(small, n1k, 15_000);
    const b = await roundTrips(large, n1m, 20_000, 3);
    const c = await throughput(parallel, 64, inflightTotal, 15_000);
    const d = await roundTrips(medium, n1m * 5, 15_000, 3);
    rows.push([name, a, b, c, d]);
  };
  await measure(
    "raw TCP (length-prefixed echo)",
    () => tcp.send(kib),
    () => tcp.send(mib),
    () => tcp.send(kib),
    () => tcp.send(kib64),
  );
  // 64 in flight on one raw socket is pipelining; http keeps 64 sockets, one request each.
  await measure(
    "http keep-alive",
    () => http1.send(kib),
    () => http1.send(mib),
    () => http64.send(kib),
    () => http1.send(kib64),
  );
  await measure("libp2p transport (1 stream, mux by id)", p2p(KiB), p2p(MiB), p2p(KiB), p2p(64 * KiB));
  await measure("libp2p query protocol (session-signed, JSON)", query(pad1k), query(pad1m), query(pad1k), query(pad64k));
  await measure(
    "libp2p query protocol (hotkey-signed, JSON)",
    query(pad1k, hotkeyDendrite),
    query(pad1m, hotkeyDendrite),
    query(pad1k, hotkeyDendrite),
    query(pad64k, hotkeyDendrite),
  );
  // The 1 KiB round trips again, in alternating blocks, so the ratios the targets use compare
  // paths that saw the same machine load (a sequential block per path let a slow spell land on
  // one of them: raw TCP read 22 to 75 us across runs here).
  const smallPaths = [() => tcp.send(kib), () => http1.send(kib), p2p(KiB), query(pad1k), query(pad1k, hotkeyDendrite)];
  const samples: number[][] = smallPaths.map(() => []);
  const blocks = QUICK ? 4 : 10;
  const perBlock = Math.max(50, Math.floor(n1k / blocks));
  for (let block = 0; block < blocks; block++) {
    for (const [i, once] of smallPaths.entries()) {
      for (let k = 0; k < 20; k++) await once();
      for (let k = 0; k < perBlock; k++) {
        const t = performance.now();
        await once();
        samples[i]?.push(performance.now() - t);
      }
    }
  }
  for (const [i, times] of samples.entries()) {
    times.sort((a, b) => a - b);
    const row = rows[i];
    if (row !== undefined)
      row[1] = { p50: pct(times, 50), mean: times.reduce((a, b) => a + b, 0) / times.length, n: times.length };
  }
  tcp.close();
  http1.close();
  http64.close();
  await network.stop();

  console.log("\n1) two nodes, 127.0.0.1 (server in a child process)");
  console.log(
    `${"path".padEnd(42)} ${"1 KiB p50".padStart(10)} ${"1 KiB mean".padStart(11)} ${"1 MiB p50".padStart(10)} ${"64-in-flight 1 KiB".padStart(19)} ${"64 KiB p50".padStart(11)}`,
  );
  for (const [name, a, b, c, d] of rows) {
    console.log(
      `${name.padEnd(42)} ${fmt(a.p50).padStart(10)} ${fmt(a.mean).padStart(11)} ${fmt(b.p50).padStart(10)} ${`${Math.round(c)} req/s`.padStart(19)} ${fmt(d.p50).padStart(11)}`,
    );
  }
  const [tcpRow, httpRow, p2pRow, queryRow, hotkeyQueryRow] = rows as [
    (typeof rows)[number],
    (typeof rows)[number],
    (typeof rows)[number],
    (typeof rows)[number],
    (typeof rows)[number],
  ];
  const ratio = {
    transportRttVsTcp: p2pRow[1].p50 / tcpRow[1].p50,
    queryRttVsTcp: queryRow[1].p50 / tcpRow[1].p50,
    transport1MiBVsTcp: p2pRow[2].p50 / tcpRow[2].p50,
    transportThroughputVsHttp: p2pRow[3] / httpRow[3],
    queryThroughputVsHttp: queryRow[3] / httpRow[3],
    hotkeyVsSessionRtt: hotkeyQueryRow[1].p50 / queryRow[1].p50,
    sessionVsHotkeyThroughput: queryRow[3] / hotkeyQueryRow[3],
  };
  console.log(
    `ratios: warm 1 KiB round trip libp2p transport / raw TCP = ${ratio.transportRttVsTcp.toFixed(2)}x (target <= 2x: ${ratio.transportRttVsTcp <= 2 ? "met" : "NOT met"})`,
  );
  console.log(
    `        warm 1 KiB round trip query protocol / raw TCP = ${ratio.queryRttVsTcp.toFixed(2)}x (signing and checks included)`,
  );
  console.log(`        1 MiB round trip libp2p transport / raw TCP = ${ratio.transport1MiBVsTcp.toFixed(2)}x`);
  console.log(
    `        64-in-flight libp2p transport / http keep-alive = ${(ratio.transportThroughputVsHttp * 100).toFixed(0)}% (target >= 70%: ${ratio.transportThroughputVsHttp >= 0.7 ? "met" : "NOT met"})`,
  );
  console.log(`        64-in-flight query protocol / http keep-alive = ${(ratio.queryThroughputVsHttp * 100).toFixed(0)}%`);
  console.log(
    `        query protocol, session key vs hotkey signatures: 1 KiB round trip ${ratio.hotkeyVsSessionRtt.toFixed(2)}x faster, 64-in-flight ${ratio.sessionVsHotkeyThroughput.toFixed(2)}x the throughput`,
  );
  results.twoNodes = {
    rows: rows.map(([name, a, b, c, d]) => ({ name, rtt1k: a, rtt1m: b, inflight64PerSec: c, rtt64k: d })),
    ratio,
  };
  await killChildren();

  // ===== 2. fan-out =====
  const perProcess = 32;
  const processes = Math.ceil(MAX_MINERS / perProcess);
  const spawned = await Promise.all(
    Array.from({ length: processes }, (_, p) =>
      spawnPeer(["miners", String(perProcess), String(p * perProcess), validatorUri, validatorPeerId], 120_000),
    ),
  );
  const miners = spawned.flatMap(
    ({ info: i }) => (i as { miners: Array<{ index: number; hotkey: string; peerId: string; multiaddrs: string[] }> }).miners,
  );
  console.log(`\n2) validator fan-out of a 4 KiB query (full protocol), ${miners.length} miners in ${processes} child processes`);
  console.log(
    `${"miners".padStart(6)} ${"cold (dial+noise+query)".padStart(24)} ${"warm p50".padStart(10)} ${"warm p95".padStart(10)} ${"answered".padStart(9)}`,
  );
  const pad4k = "x".repeat(4 * KiB);
  const fanout: Array<{
    miners: number;
    coldMs: number;
    coldAnswered: number;
    warmP50: number;
    warmP95: number;
    warmP99: number;
    answered: number;
    rounds: number;
    validatorIdleRssMiB: number;
    validatorRssMiB: number;
    hotkeyWarmP50: number | null;
    comparison: FanoutComparison | null;
  }> = [];
  const minerPids = spawned.map(({ child }) => child.pid);
  /** Runs `round` up to `count` times (bounded by `maxMs`): p50 and CPU per round on both sides. */
  async function fanoutRounds(round: () => Promise<void>, count: number, maxMs: number): Promise<FanoutRounds> {
    const times: number[] = [];
    const cpu0 = process.cpuUsage();
    const miners0 = cpuMs(minerPids);
    const deadline = performance.now() + maxMs;
    for (let r = 0; r < count && performance.now() < deadline; r++) {
      const t = performance.now();
      await round();
      times.push(performance.now() - t);
    }
    const cpu = process.cpuUsage(cpu0);
    const n = Math.max(1, times.length);
    times.sort((a, b) => a - b);
    return {
      times,
      p50: pct(times, 50),
      validatorCpuMs: (cpu.user + cpu.system) / 1000 / n,
      minersCpuMs: (cpuMs(minerPids) - miners0) / n,
    };
  }
  const largest = Math.max(...[32, 128, 256, 512].filter((s) => s <= miners.length));
  for (const size of [32, 128, 256, 512].filter((s) => s <= miners.length)) {
    const net = await startValidatorNetwork();
    // The validator lives in this process: its RSS before any dial, and after warm rounds holding
    // `size` connections, measured in the same run.
    const validatorIdleRssMiB = process.memoryUsage().rss / MiB;
    try {
      const d = dendriteFor(net);
      const targets = miners.slice(0, size).map((m, uid) => ({
        target: { uid, hotkey: m.hotkey, peer: { peerId: m.peerId, multiaddrs: m.multiaddrs } },
        request: { pad: pad4k },
      }));
      const t0 = performance.now();
      const cold = await d.query(targets, 20_000);
      const coldMs = performance.now() - t0;
      let answered = 0;
      const main = await fanoutRounds(
        async () => {
          const out = await d.query(targets, 10_000);
          answered = out.filter((o) => o.ok).length;
        },
        QUICK ? 10 : 30,
        60_000,
      );
      const times = main.times;
      // At the largest size, the same fan-out two more ways over the same connections: every
      // message signed by the hotkey (sr25519), and the bare transport (no signing, decoding or
      // checks), with the CPU each costs per round in the validator and in the miner processes.
      let hotkeyWarmP50: number | null = null;
      let comparison: FanoutComparison | null = null;
      if (size === largest) {
        const h = dendriteFor(net, "hotkey");
        await h.query(targets, 20_000); // opens the netuid-9 streams
        const hotkey = await fanoutRounds(() => h.query(targets, 10_000).then(() => undefined), QUICK ? 5 : 15, 30_000);
        hotkeyWarmP50 = hotkey.p50;
        let bareId = 1;
        const bareRound = async (): Promise<void> => {
          await Promise.all(
            targets.map(async ({ target: t }) => {
              const rid = bareId++;
              await net.request(t.peer, NETUID + 3, rid, frame(rid, 4 * KiB + 96), AbortSignal.timeout(10_000));
            }),
          );
        };
        await bareRound(); // opens the netuid-10 streams
        const bare = await fanoutRounds(bareRound, QUICK ? 5 : 15, 30_000);
        comparison = { session: main, hotkey, bare };
      }
      const row = {
        miners: size,
        hotkeyWarmP50,
        comparison,
        coldMs,
        coldAnswered: cold.filter((o) => o.ok).length,
        warmP50: pct(times, 50),
        warmP95: pct(times, 95),
        warmP99: pct(times, 99),
        answered,
        rounds: times.length,
        validatorIdleRssMiB,
        validatorRssMiB: process.memoryUsage().rss / MiB,
      };
      fanout.push(row);
      console.log(
        `${String(size).padStart(6)} ${`${fmt(coldMs)} (${row.coldAnswered} ok)`.padStart(24)} ${fmt(row.warmP50).padStart(10)} ${fmt(row.warmP95).padStart(10)} ${`${answered}/${size}`.padStart(9)}`,
      );
    } finally {
      await net.stop();
    }
  }
  const at256 = fanout.find((r) => r.miners === 256);
  if (at256)
    console.log(
      `target: warm fan-out of 4 KiB to 256 miners < 100 ms p50: ${at256.warmP50 < 100 ? "met" : "NOT met"} (${fmt(at256.warmP50)})`,
    );
  for (const r of fanout) {
    const c = r.comparison;
    if (c === null) continue;
    console.log(`${r.miners} miners, warm p50 and CPU per round (validator + miner processes):`);
    for (const [name, x] of [
      ["session-key signatures (default)", c.session],
      ["every message signed by the hotkey", c.hotkey],
      ["bare transport (no protocol)", c.bare],
    ] as const)
      console.log(
        `  ${name.padEnd(36)} ${fmt(x.p50).padStart(10)}   CPU ${fmt(x.validatorCpuMs)} + ${fmt(x.minersCpuMs)} = ${fmt(x.validatorCpuMs + x.minersCpuMs)}`,
      );
  }
  const at32 = fanout.find((r) => r.miners === 32);
  const at128 = fanout.find((r) => r.miners === 128);
  if (at32 && at128)
    console.log(`scaling: warm p50 at 128 / at 32 = ${(at128.warmP50 / at32.warmP50).toFixed(2)}x for 4x the miners`);
  results.fanout = fanout;

  // 3) Issue 14: a validator on a loaded machine dials every miner cold. A busy loop per core
  // competes with the validator and the miner processes; each round is a 5 s query (the timeout
  // the issue measured with), and the dials a round gives up on go on for the next one.
  const hogged = Math.min(256, miners.length);
  console.log(`\n3) cold fan-out to ${hogged} miners under a CPU hog on each of ${availableParallelism()} cores (5 s rounds)`);
  const hogs = Array.from({ length: availableParallelism() }, () =>
    spawn(process.execPath, ["-e", "const end = Date.now() + 300000; while (Date.now() < end) {}"], { stdio: "ignore" }),
  );
  children.push(...hogs);
  const coldUnderLoad: { answeredPerRound: number[]; msPerRound: number[]; validatorRssMiB: number; dials: unknown } = {
    answeredPerRound: [],
    msPerRound: [],
    validatorRssMiB: Number.NaN,
    dials: null,
  };
  {
    const net = await startValidatorNetwork();
    try {
      const d = dendriteFor(net);
      const targets = miners.slice(0, hogged).map((m, uid) => ({
        target: { uid, hotkey: m.hotkey, peer: { peerId: m.peerId, multiaddrs: m.multiaddrs } },
        request: { pad: pad4k },
      }));
      // Bounded: at most 6 rounds.
      for (let r = 0; r < 6; r++) {
        const t = performance.now();
        const out = await d.query(targets, 5_000);
        coldUnderLoad.msPerRound.push(performance.now() - t);
        coldUnderLoad.answeredPerRound.push(out.filter((o) => o.ok).length);
        console.log(
          `  round ${r + 1}: ${coldUnderLoad.answeredPerRound.at(-1)}/${hogged} answered in ${fmt(coldUnderLoad.msPerRound.at(-1) ?? 0)}`,
        );
        if (coldUnderLoad.answeredPerRound.at(-1) === hogged) break;
      }
      coldUnderLoad.validatorRssMiB = process.memoryUsage().rss / MiB;
      coldUnderLoad.dials = net.stats().dials;
    } finally {
      await net.stop();
      for (const hog of hogs) hog.kill("SIGKILL");
    }
  }
  const roundsToAll = coldUnderLoad.answeredPerRound.indexOf(hogged) + 1;
  console.log(
    `target: all ${hogged} answered by the 3rd round under load: ${roundsToAll > 0 && roundsToAll <= 3 ? "met" : "NOT met"} (${roundsToAll > 0 ? `round ${roundsToAll}` : "not within 6 rounds"}); dials ${JSON.stringify(coldUnderLoad.dials)}`,
  );
  results.coldUnderLoad = coldUnderLoad;
  // Each child process hosts `perProcess` miner nodes; its RSS over that count is the cost of one node.
  const minerHostRss = spawned.map(({ child }) => rssMiB(child.pid)).filter((v) => Number.isFinite(v));
  const minerHostRssMiB =
    minerHostRss.length > 0
      ? pct(
          [...minerHostRss].sort((a, b) => a - b),
          50,
        )
      : Number.NaN;
  for (const r of fanout)
    console.log(
      `${r.miners} miners: warm p99 ${fmt(r.warmP99)}, cold total ${fmt(r.coldMs)}, validator RSS ${r.validatorIdleRssMiB.toFixed(0)} MiB idle -> ${r.validatorRssMiB.toFixed(0)} MiB with ${r.miners} connections`,
    );
  console.log(`miner host process RSS (median, ${perProcess} miner nodes each): ${minerHostRssMiB.toFixed(0)} MiB`);
  console.log(`host load average ${load()} at the end`);
  const vs = (row: (typeof rows)[number], value: number, ratio: number, target?: string) => ({
    name: row[0],
    value,
    ratio,
    ...(target ? { target } : {}),
  });
  emitBenchResult({
    suite: "p2p",
    notes: [`two nodes on 127.0.0.1, the server in a child process; ${QUICK ? "quick" : "full"} run`],
    figures: [
      {
        name: "1 KiB round trip, libp2p transport (p50)",
        value: p2pRow[1].p50,
        unit: "ms",
        repeats: p2pRow[1].n,
        comparedWith: vs(tcpRow, tcpRow[1].p50, ratio.transportRttVsTcp, "<= 2x"),
      },
      {
        name: "1 KiB round trip, query protocol (session-signed, JSON; p50)",
        value: queryRow[1].p50,
        unit: "ms",
        repeats: queryRow[1].n,
        comparedWith: vs(tcpRow, tcpRow[1].p50, ratio.queryRttVsTcp),
      },
      {
        name: "64 KiB round trip, libp2p transport (p50)",
        value: p2pRow[4].p50,
        unit: "ms",
        repeats: p2pRow[4].n,
        comparedWith: vs(tcpRow, tcpRow[4].p50, p2pRow[4].p50 / tcpRow[4].p50),
      },
      {
        name: "64 KiB round trip, query protocol (session-signed, JSON; p50)",
        value: queryRow[4].p50,
        unit: "ms",
        repeats: queryRow[4].n,
        comparedWith: vs(httpRow, httpRow[4].p50, queryRow[4].p50 / httpRow[4].p50),
      },
      {
        name: "1 MiB round trip, libp2p transport (p50)",
        value: p2pRow[2].p50,
        unit: "ms",
        repeats: p2pRow[2].n,
        comparedWith: vs(tcpRow, tcpRow[2].p50, ratio.transport1MiBVsTcp),
      },
      {
        name: "64 in flight 1 KiB, libp2p transport",
        value: p2pRow[3],
        unit: "req/s",
        comparedWith: vs(httpRow, httpRow[3], ratio.transportThroughputVsHttp, ">= 0.7"),
      },
      {
        name: "64 in flight 1 KiB, query protocol",
        value: queryRow[3],
        unit: "req/s",
        comparedWith: vs(httpRow, httpRow[3], ratio.queryThroughputVsHttp),
      },
      {
        name: "1 KiB round trip, query protocol, every message hotkey-signed (p50)",
        value: hotkeyQueryRow[1].p50,
        unit: "ms",
        repeats: hotkeyQueryRow[1].n,
        comparedWith: { name: "session-key signatures", value: queryRow[1].p50, ratio: ratio.hotkeyVsSessionRtt },
      },
      {
        name: "64 in flight 1 KiB, query protocol, every message hotkey-signed",
        value: hotkeyQueryRow[3],
        unit: "req/s",
        comparedWith: { name: "session-key signatures", value: queryRow[3], ratio: 1 / ratio.sessionVsHotkeyThroughput },
      },
      ...fanout.map((r) => ({
        name: `warm fan-out of 4 KiB to ${r.miners} miners (p50, ${r.answered}/${r.miners} answered)`,
        value: r.warmP50,
        unit: "ms",
        repeats: r.rounds,
        ...(r.miners === 256
          ? { comparedWith: { name: "100 ms target", value: 100, ratio: r.warmP50 / 100, target: "< 1" } }
          : {}),
      })),
      ...fanout.flatMap((r) => {
        const c = r.comparison;
        if (c === null) return [];
        const cpu = (x: FanoutRounds) => x.validatorCpuMs + x.minersCpuMs;
        return [
          {
            name: `warm fan-out of 4 KiB to ${r.miners} miners, every message hotkey-signed (p50)`,
            value: c.hotkey.p50,
            unit: "ms",
            comparedWith: { name: "session-key signatures", value: c.session.p50, ratio: c.hotkey.p50 / c.session.p50 },
          },
          {
            name: `warm fan-out of 4 KiB to ${r.miners} miners, bare transport: no signing, decoding or checks (p50)`,
            value: c.bare.p50,
            unit: "ms",
            comparedWith: { name: "full protocol", value: c.session.p50, ratio: c.bare.p50 / c.session.p50 },
          },
          {
            name: `CPU per warm fan-out round to ${r.miners} miners, validator + miner processes (full protocol)`,
            value: cpu(c.session),
            unit: "ms",
            comparedWith: { name: "bare transport", value: cpu(c.bare), ratio: cpu(c.session) / cpu(c.bare) },
          },
          {
            name: `CPU per warm fan-out round to ${r.miners} miners, validator alone (full protocol)`,
            value: c.session.validatorCpuMs,
            unit: "ms",
            comparedWith: {
              name: "bare transport",
              value: c.bare.validatorCpuMs,
              ratio: c.session.validatorCpuMs / c.bare.validatorCpuMs,
            },
          },
          {
            name: `CPU per warm fan-out round to ${r.miners} miners, validator + miners, every message hotkey-signed`,
            value: cpu(c.hotkey),
            unit: "ms",
            comparedWith: { name: "session-key signatures", value: cpu(c.session), ratio: cpu(c.hotkey) / cpu(c.session) },
          },
        ];
      }),
      ...fanout.map((r) => ({
        name: `warm fan-out of 4 KiB to ${r.miners} miners (p99)`,
        value: r.warmP99,
        unit: "ms",
        repeats: r.rounds,
        comparedWith: { name: "p50", value: r.warmP50, ratio: r.warmP99 / r.warmP50 },
      })),
      ...fanout.map((r) => ({
        name: `cold fan-out to ${r.miners} miners, total (dials, noise, query; ${r.coldAnswered} answered)`,
        value: r.coldMs,
        unit: "ms",
        comparedWith: { name: "warm p50", value: r.warmP50, ratio: r.coldMs / r.warmP50 },
      })),
      ...fanout.map((r) => ({
        name: `validator RSS with ${r.miners} miner connections`,
        value: r.validatorRssMiB,
        unit: "MiB",
        comparedWith: {
          name: "idle, before dialing",
          value: r.validatorIdleRssMiB,
          ratio: r.validatorRssMiB / r.validatorIdleRssMiB,
        },
      })),
      {
        name: `cold fan-out to ${hogged} miners under a CPU hog on every core: rounds (5 s each) until all answered; answered per round ${coldUnderLoad.answeredPerRound.join(", ")}`,
        value: roundsToAll > 0 ? roundsToAll : Number.NaN,
        unit: "rounds",
        comparedWith: {
          name: "3-round target",
          value: 3,
          ratio: (roundsToAll > 0 ? roundsToAll : Number.NaN) / 3,
          target: "<= 1",
        },
      },
      ...fanout
        .filter((r) => r.miners === largest)
        .map((r) => ({
          name: `validator memory per idle miner connection (RSS with ${r.miners} connections minus idle, over ${r.miners})`,
          value: ((r.validatorRssMiB - r.validatorIdleRssMiB) * KiB) / r.miners,
          unit: "KiB",
          comparedWith: {
            name: "150 MiB target for 256 connections",
            value: 150,
            ratio: r.validatorRssMiB / 150,
            target: "<= 1 (RSS / target)",
          },
        })),
      {
        name: `miner host process RSS (median; ${perProcess} miner nodes per process)`,
        value: minerHostRssMiB,
        unit: "MiB",
        comparedWith: { name: "per miner node", value: minerHostRssMiB / perProcess, ratio: 1 / perProcess },
      },
    ],
  });
} finally {
  await killChildren();
}
if (process.env.BENCH_JSON) console.log(JSON.stringify(results, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
process.exit(0);
