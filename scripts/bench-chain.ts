/**
 * Benchmark of the chain through the embedded dev chain (chopsticks running the committed runtime
 * wasm, manual blocks, 127.0.0.1). On one subnet of 256 uids where 64 staked validators weight all
 * 192 miners, it times, in one run:
 *  1. building the subnet's epoch block vs a quiet block (same chain, same state);
 *  2. one `set_weights` from submission to inclusion;
 *  3. blocks per second while all 64 validators set weights every block;
 *  4. `getMetagraph` (one runtime-API call), without and with the weight matrix;
 *  5. `SubnetsApi.simulate_yuma` on a generated 256-uid scenario of 10 epochs, per epoch, vs the
 *     native `epoch_bench` (run through cargo when it is there);
 *  6. with `--engine node` (meshtensor-node, one process sealing on request, a database on disk):
 *     disk bytes per block over `--persist-blocks` blocks and the restart after kill -9 to the
 *     first RPC answer.
 * `npm run bench` runs it once per engine, so the two suites compare the same work in one run.
 *   npx tsx scripts/bench-chain.ts [--engine embedded|node] [--uids 256] [--validators 64] [--reads 10] [--repeats 5]
 *                              [--epochs 3] [--rounds 3] [--coldkeys 4] [--persist-blocks 5000] [--no-native]
 * Every loop is bounded by a count and a time limit; the chain is stopped at the end, even on failure.
 */
import "../lib/shims.js";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import {
  type ChainClient,
  type ChainSigner,
  createChainClient,
  DEFAULT_BONDS_CONFIG,
  type YumaBondsConfig,
  type YumaScenario,
  type YumaSimulator,
} from "../chain/client/index.js";
import { createDevChain, type NodeChain } from "../chain/devchain/index.js";
import { blocksToEpoch, createBenchSubnet, isEpochBlock, settleAll } from "./bench/chain-fixture.js";
import { type BenchFigure, emitBenchResult, median, percentile } from "./bench/report.js";

/** A bad flag ends the run with one line naming it (exit 2), not a stack trace. */
function usage(message: string): never {
  console.error(`bench-chain: ${message}`);
  process.exit(2);
}
function parseFlags() {
  try {
    return parseArgs({
      options: {
        uids: { type: "string", default: "256" },
        validators: { type: "string", default: "64" },
        reads: { type: "string", default: "10" },
        repeats: { type: "string", default: "5" },
        epochs: { type: "string", default: "3" },
        rounds: { type: "string", default: "3" },
        coldkeys: { type: "string", default: "4" },
        engine: { type: "string", default: "embedded" },
        "persist-blocks": { type: "string", default: "5000" },
        "no-native": { type: "boolean", default: false },
      },
    }).values;
  } catch (err) {
    return usage(err instanceof Error ? err.message : String(err));
  }
}
const flags = parseFlags();
function intFlag(
  name: "uids" | "validators" | "reads" | "repeats" | "epochs" | "rounds" | "coldkeys" | "persist-blocks",
  min: number,
  max: number,
) {
  const v = Number(flags[name]);
  if (!Number.isInteger(v) || v < min || v > max) usage(`--${name}: expected an integer ${min}..${max}, got ${flags[name]}`);
  return v;
}
const UIDS = intFlag("uids", 2, 4096);
const VALIDATORS = intFlag("validators", 1, UIDS - 1);
const READS = intFlag("reads", 1, 1000);
const REPEATS = intFlag("repeats", 1, 200);
const EPOCHS = intFlag("epochs", 1, 50);
const ROUNDS = intFlag("rounds", 1, 200);
const COLDKEYS = intFlag("coldkeys", 1, 16);
const PERSIST_BLOCKS = intFlag("persist-blocks", 10, 100_000);
if (flags.engine !== "embedded" && flags.engine !== "node") usage(`--engine: expected embedded or node, got ${flags.engine}`);
const ENGINE = flags.engine as "embedded" | "node";
const ENGINE_LABEL = ENGINE === "node" ? "meshtensor-node" : "embedded dev chain";
const TEMPO = 9; // an epoch every 10 blocks: several epochs fit in a short run
const QUIET_TEMPO = 1000; // no epoch falls inside the set_weights phases
const PHASE_MS = 120_000; // time limit of each measured loop
const SIM_EPOCHS = 10;
const ms = (t0: number) => performance.now() - t0;
const f1 = (x: number) => (Math.abs(x) >= 10 ? x.toFixed(1) : x.toPrecision(3));

/** Deterministic u16 in 1..65535 (xorshift), so every run weights the same way. */
function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return ((s >>> 0) % 65535) + 1;
  };
}

const minerUids = Array.from({ length: UIDS - VALIDATORS }, (_, i) => VALIDATORS + i);
const figures: BenchFigure[] = [];
const notes: string[] = [];
const add = (figure: BenchFigure) => {
  figures.push(figure);
  const c = figure.comparedWith;
  console.log(
    `${figure.name}: ${f1(figure.value)} ${figure.unit}${c ? `  (vs ${c.name}: ${f1(c.value)}, ratio ${c.ratio.toFixed(2)}${c.target ? `, target ${c.target}` : ""})` : ""}`,
  );
};

/** Every validator weights every miner with fresh values (one extrinsic each, one block). */
function setAllWeights(client: ChainClient, netuid: number, validators: ChainSigner[], next: () => number) {
  return validators.map(
    (v) => (o: Parameters<ChainClient["setWeights"]>[5]) =>
      client.setWeights(
        v,
        netuid,
        minerUids,
        minerUids.map(() => next()),
        0n,
        o,
      ),
  );
}

/**
 * The 256-uid scenario: stake on the validators, an epoch for permits, their weights, then epochs,
 * under the given bond options (the classic epoch by default).
 */
function scenario(bondsConfig: YumaBondsConfig = DEFAULT_BONDS_CONFIG): YumaScenario {
  const next = rng(7);
  const bare = { stake: [], replace: null, weights: [], hyperparameters: [], resetBonds: null };
  const steps: YumaScenario["steps"] = [{ ...bare, block: 10n, epoch: true }];
  steps.push({
    ...bare,
    block: 11n,
    weights: Array.from({ length: VALIDATORS }, (_, v) => [v, minerUids.map((m) => [m, next()] as [number, number])]),
    epoch: false,
  });
  for (let e = 1; e < SIM_EPOCHS; e++) steps.push({ ...bare, block: BigInt(10 + 10 * e), epoch: true });
  return {
    n: UIDS,
    kappa: 32767,
    bondsMovingAverage: 900_000n,
    activityCutoff: 5000n,
    maxAllowedValidators: VALIDATORS,
    emissionPerEpoch: 820_000_000_000n,
    stake: Array.from({ length: UIDS }, (_, i) => (i < VALIDATORS ? BigInt(100 + i) * 1_000_000_000n : 0n)),
    blockAtRegistration: Array.from({ length: UIDS }, () => 0n),
    steps,
    bondsConfig,
  };
}

/** The native figure from `epoch_bench` (cargo, release), or null with the reason in the notes. */
function nativeEpochMs(): number | null {
  if (flags["no-native"]) return null;
  const chainDir = join(dirname(fileURLToPath(import.meta.url)), "..", "chain");
  const run = spawnSync("cargo", ["run", "--quiet", "--release", "-p", "meshtensor-yuma", "--example", "epoch_bench"], {
    cwd: chainDir,
    encoding: "utf8",
    timeout: 600_000,
  });
  const line = run.stdout?.split("\n").find((l) => l.startsWith("BENCH_FIGURE ") && l.includes("median"));
  if (run.status !== 0 || !line) {
    notes.push(`native epoch_bench not measured: ${run.error?.message ?? `exit ${run.status}`}`);
    return null;
  }
  return (JSON.parse(line.slice("BENCH_FIGURE ".length)) as BenchFigure).value;
}

async function main(): Promise<void> {
  console.log(`bench-chain (${ENGINE}): ${UIDS} uids, ${VALIDATORS} validators, load ${loadavg()[0]?.toFixed(1)}`);
  const dbDir = ENGINE === "node" ? mkdtempSync(join(tmpdir(), "meshtensor-bench-node-")) : null;
  const devchain = createDevChain({
    port: 0,
    mode: "manual",
    host: "127.0.0.1",
    engine: ENGINE,
    ...(dbDir ? { dbPath: dbDir } : {}),
  });
  await devchain.start();
  const client = createChainClient({ endpoint: devchain.endpoint });
  try {
    await client.connect();
    // Block 1 first: a transaction signed against the bare genesis was once refused as BadProof here.
    await devchain.newBlock();
    const subnet = await createBenchSubnet(client, devchain, {
      uids: UIDS,
      validators: VALIDATORS,
      tempo: TEMPO,
      coldkeys: COLDKEYS,
    });
    const { netuid, validators } = subnet;
    notes.push(`setup: ${UIDS} burned_register from ${COLDKEYS} coldkeys included in ${f1(subnet.registerSeconds)} s`);
    console.log(notes[notes.length - 1]);

    // Permits come from the epoch after staking; weights need them.
    await devchain.newBlock(blocksToEpoch(devchain.bestBlock(), netuid, TEMPO));
    const permits = (await client.getMetagraph(netuid))?.neurons.filter((n) => n.validatorPermit).length ?? 0;
    if (permits !== VALIDATORS) throw new Error(`${permits} validator permits after the epoch, expected ${VALIDATORS}`);
    const next = rng(1);
    await settleAll(devchain, "set_weights", setAllWeights(client, netuid, validators, next));
    const withWeights = await client.getMetagraph(netuid, { includeWeights: true });
    const stored = withWeights?.weights?.reduce((sum, row) => sum + row.length, 0) ?? 0;
    if (stored !== VALIDATORS * minerUids.length)
      throw new Error(`${stored} weights stored, expected ${VALIDATORS * minerUids.length}`);

    // 1. Epoch block vs quiet block: empty blocks built one at a time, classified by the schedule.
    const epochTimes: number[] = [];
    const quietTimes: number[] = [];
    const deadline1 = performance.now() + PHASE_MS;
    const blocks = EPOCHS * (TEMPO + 1);
    for (let i = 0; i < blocks && performance.now() < deadline1; i++) {
      const t0 = performance.now();
      const block = await devchain.newBlock();
      (isEpochBlock(block, netuid, TEMPO) ? epochTimes : quietTimes).push(ms(t0));
    }
    const after = await client.getMetagraph(netuid);
    const incentive = after?.neurons.reduce((s, n) => s + n.incentive, 0) ?? 0;
    const dividends = after?.neurons.reduce((s, n) => s + n.dividends, 0) ?? 0;
    if (epochTimes.length === 0 || incentive === 0 || dividends === 0)
      throw new Error(
        `no epoch with weights ran (epoch blocks ${epochTimes.length}, incentive ${incentive}, dividends ${dividends})`,
      );
    const quiet = median(quietTimes);
    add({
      name: `epoch block, ${UIDS} uids / ${VALIDATORS} validators x ${minerUids.length} miners (${ENGINE_LABEL})`,
      value: median(epochTimes),
      unit: "ms",
      repeats: epochTimes.length,
      comparedWith: { name: "block without an epoch", value: quiet, ratio: median(epochTimes) / quiet },
    });
    notes.push(
      ENGINE === "node"
        ? "block times are engine_createBlock round trips (the node builds, imports and finalizes the block, runtime in wasmtime); quiet blocks include root's epoch every 11th block (median taken)"
        : "block times are chopsticks' whole newBlock (runtime in wasm plus its own storage and RPC work); quiet blocks include root's epoch every 11th block (median taken)",
    );

    await settleAll(devchain, "tempo", [(o) => client.setHyperparameter(subnet.owner, netuid, "tempo", QUIET_TEMPO, o)]);

    // 2. One set_weights, submission to inclusion (the block is built as soon as the pool has it).
    const latency: number[] = [];
    const deadline2 = performance.now() + PHASE_MS;
    for (let i = 0; i < REPEATS && performance.now() < deadline2; i++) {
      const [submit] = setAllWeights(client, netuid, [validators[i % VALIDATORS] as ChainSigner], next);
      const t0 = performance.now();
      let accepted!: () => void;
      const inPool = new Promise<void>((r) => (accepted = r));
      const result = (submit as NonNullable<typeof submit>)({ onSubmitted: accepted });
      await Promise.race([inPool, result.catch(() => undefined)]);
      await devchain.newBlock();
      await result;
      latency.push(ms(t0));
    }
    add({
      name: `set_weights of ${minerUids.length} uids, submission to inclusion`,
      value: median(latency),
      unit: "ms",
      repeats: latency.length,
      comparedWith: { name: "block without an epoch", value: quiet, ratio: median(latency) / quiet },
    });

    // 3. Blocks per second with every validator setting weights in every block.
    const roundTimes: number[] = [];
    const buildTimes: number[] = [];
    const deadline3 = performance.now() + PHASE_MS;
    const t3 = performance.now();
    for (let i = 0; i < ROUNDS && performance.now() < deadline3; i++) {
      const t0 = performance.now();
      const submits = setAllWeights(client, netuid, validators, next);
      const accepted: Array<Promise<void>> = [];
      const pending = submits.map((s) => {
        let ok!: () => void;
        accepted.push(new Promise<void>((r) => (ok = r)));
        return s({ onSubmitted: ok });
      });
      await Promise.all(accepted.map((a, j) => Promise.race([a, (pending[j] as Promise<unknown>).catch(() => undefined)])));
      const tb = performance.now();
      await devchain.newBlock();
      buildTimes.push(ms(tb));
      const results = await Promise.allSettled(pending);
      const failed = results.filter((r) => r.status === "rejected").length;
      if (failed > 0) throw new Error(`round ${i}: ${failed} of ${VALIDATORS} set_weights failed`);
      roundTimes.push(ms(t0));
    }
    const perSecond = roundTimes.length / (ms(t3) / 1000);
    add({
      name: `blocks/s with ${VALIDATORS} validators setting ${minerUids.length} weights each per block`,
      value: perSecond,
      unit: "blocks/s",
      repeats: roundTimes.length,
      comparedWith: { name: "quiet blocks/s", value: 1000 / quiet, ratio: perSecond / (1000 / quiet) },
    });
    add({
      name: `block build with ${VALIDATORS} set_weights`,
      value: median(buildTimes),
      unit: "ms",
      repeats: buildTimes.length,
      comparedWith: { name: "block without an epoch", value: quiet, ratio: median(buildTimes) / quiet },
    });
    if (ENGINE === "embedded")
      notes.push(
        "chopsticks applies each extrinsic of a block as its own runtime call and validates each submission with another (plus one for the nonce), so per-extrinsic costs here are the dev chain's, not a production node's",
      );

    // 4. getMetagraph: one runtime-API call and the conversion to plain TS.
    for (const includeWeights of [false, true]) {
      const times: number[] = [];
      const deadline4 = performance.now() + PHASE_MS;
      for (let i = 0; i < READS && performance.now() < deadline4; i++) {
        const t0 = performance.now();
        const mg = await client.getMetagraph(netuid, { includeWeights });
        times.push(ms(t0));
        if (mg?.neurons.length !== UIDS) throw new Error(`getMetagraph returned ${mg?.neurons.length} neurons`);
      }
      const what = `getMetagraph, ${UIDS} uids${includeWeights ? ` with ${stored} weights` : ""}`;
      add({
        name: `${what}, median`,
        value: median(times),
        unit: "ms",
        repeats: times.length,
        comparedWith: { name: "1 s budget", value: 1000, ratio: median(times) / 1000, target: "< 1" },
      });
      add({ name: `${what}, p90`, value: percentile(times, 90), unit: "ms", repeats: times.length });
    }

    // 5. The simulator through the runtime, as `meshtensor yuma simulate` runs it.
    const simulator = client as ChainClient & Partial<YumaSimulator>;
    if (!simulator.simulateYuma) throw new Error("this chain client has no simulateYuma");
    // The classic epoch and Yuma 3 + liquid alpha alternate call by call (same load on both).
    const models = [
      { label: "", input: scenario(), times: [] as number[] },
      {
        label: ", Yuma 3 + liquid alpha",
        input: scenario({ ...DEFAULT_BONDS_CONFIG, yuma3Enabled: true, liquidAlphaEnabled: true }),
        times: [] as number[],
      },
    ];
    const deadline5 = performance.now() + PHASE_MS;
    for (let i = 0; i < REPEATS && performance.now() < deadline5; i++) {
      for (const m of models) {
        const t0 = performance.now();
        const epochs = await simulator.simulateYuma(m.input);
        m.times.push(ms(t0));
        const last = epochs[epochs.length - 1];
        if (epochs.length !== SIM_EPOCHS || !last || last.incentive.every((x) => x === 0))
          throw new Error(`simulate_yuma returned ${epochs.length} epochs, the last without incentive`);
      }
    }
    const native = nativeEpochMs();
    const classicPerEpoch = median(models[0]?.times ?? []) / SIM_EPOCHS;
    for (const m of models) {
      const perEpoch = median(m.times) / SIM_EPOCHS;
      add({
        name: `simulate_yuma${m.label}, ${UIDS} uids x ${SIM_EPOCHS} epochs, whole call`,
        value: median(m.times),
        unit: "ms",
        repeats: m.times.length,
      });
      const comparedWith = m.label
        ? { name: "classic simulate_yuma per epoch", value: classicPerEpoch, ratio: perEpoch / classicPerEpoch }
        : native !== null
          ? { name: "native run_epoch (epoch_bench median)", value: native, ratio: perEpoch / native }
          : undefined;
      add({
        name: `simulate_yuma${m.label} per epoch (runtime wasm via runtime API)`,
        value: perEpoch,
        unit: "ms",
        repeats: m.times.length,
        ...(comparedWith ? { comparedWith } : {}),
      });
    }
    notes.push(
      "simulate_yuma per epoch includes the runtime call, SCALE encoding of the scenario and reports; epoch_bench times run_epoch alone with warm bonds",
    );
    if (ENGINE === "node" && dbDir) await persistence(devchain as NodeChain, dbDir);
    notes.push(
      `load average at the end: ${loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")} (2-core shared machine)`,
    );
    emitBenchResult({ suite: ENGINE === "node" ? "chain-node" : "chain", figures, notes });
  } finally {
    // LIFO: the client before the chain it talks to.
    await client.close().catch(() => undefined);
    await devchain.stop();
    if (dbDir) rmSync(dbDir, { recursive: true, force: true });
  }

  /** 6. Disk per block and restart after kill -9 (node engine, database in `dir`). */
  async function persistence(chain: NodeChain, dir: string): Promise<void> {
    const startBlock = chain.bestBlock();
    const base = join(dir, "dev"); // the sealing node's --base-path (database and keystore)
    const startBytes = diskBytes(base);
    const target = Math.max(PERSIST_BLOCKS, startBlock + 1);
    const deadline = performance.now() + 10 * PHASE_MS;
    while (chain.bestBlock() < target && performance.now() < deadline)
      await chain.newBlock(Math.min(500, target - chain.bestBlock()));
    const built = chain.bestBlock() - startBlock;
    const perBlock = (diskBytes(base) - startBytes) / Math.max(1, built);
    add({ name: `disk bytes per block (${built} blocks, pruned state)`, value: perBlock, unit: "bytes", repeats: built });
    const node = chain.nodes[0];
    if (!node) throw new Error("the node chain has no node");
    node.process.kill("SIGKILL");
    await node.process.waitExit();
    const t0 = performance.now();
    await node.restart();
    add({
      name: `restart after kill -9 at block ${chain.bestBlock()}: first RPC answer`,
      value: ms(t0),
      unit: "ms",
      repeats: 1,
      comparedWith: { name: "5 s", value: 5000, ratio: ms(t0) / 5000, target: "< 1" },
    });
  }
}

/** Bytes of the files under `dir`. */
function diskBytes(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench-chain: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
