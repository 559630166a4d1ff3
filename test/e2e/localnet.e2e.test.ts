import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLocalnet, type Localnet } from "../../localnet/localnet.js";
import { createNodeLauncher } from "../../localnet/node-launcher.js";
import { parseLocalnetConfig } from "../../localnet/options.js";
import type { EpochReport, NeuronRow, RunReport } from "../../localnet/report.js";
import { silentLogger } from "../../node/logger/index.js";

/**
 * The README's `npm run localnet`, shortened: the real dev chain (committed runtime) with fast
 * interval blocks, one validator and three miners as separate OS processes over real libp2p on
 * 127.0.0.1, the fast `inference` subnet, one random and one copying miner, a neuron replaced.
 */
const cleanups: Array<() => Promise<void>> = [];
let localnet: Localnet;
let report: RunReport;
let pidsSeen: number[] = [];
const seenWhileRunning: { running: number; total: number } = { running: 0, total: 0 };

/** Child processes of this test process (ps is the only child we expect while it runs). */
function childPids(): number[] {
  let out = "";
  try {
    out = execFileSync("ps", ["-o", "pid=,comm=", "--ppid", String(process.pid)], { encoding: "utf8" });
  } catch {
    return []; // ps exits 1 when there are none
  }
  return out
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.endsWith(" ps"))
    .map((l) => Number(l.split(/\s+/)[0]));
}

beforeAll(async () => {
  const home = await mkdtemp(join(tmpdir(), "meshtensor-e2e-"));
  cleanups.push(() => rm(home, { recursive: true, force: true }));
  const config = parseLocalnetConfig({
    subnet: "inference",
    validators: 1,
    miners: 3,
    behaviours: ["random", "copy"],
    epochs: 2,
    home,
    liveView: false,
    chain: { port: 0, blockMs: 300 },
    nodeLogLevel: "warn",
    // Every answer re-executed: the test asserts the mechanism, not the luck of a 20% sample.
    subnetOptions: { validator: { verifyRate: 1 } },
    // The subnet replacement waits out 100 blocks of network immunity: its own test drives the
    // chain directly (subnet-replacement.e2e.test.ts).
    deregistration: { neuron: true, subnet: false },
  });
  const sink = { write: () => true, isTTY: false } as unknown as NodeJS.WritableStream;
  localnet = createLocalnet(config, {
    logger: silentLogger(),
    launcher: createNodeLauncher(),
    out: sink,
    status: sink,
    timeoutMs: 6 * 60_000,
  });
  cleanups.push(() => localnet.stop());
  await localnet.start();
  const procs = localnet.processes();
  pidsSeen = procs.map((p) => p.pid);
  seenWhileRunning.total = procs.length;
  seenWhileRunning.running = procs.filter((p) => p.isRunning()).length;
  report = await localnet.run();
}, 8 * 60_000);

afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn();
  expect(localnet?.leftovers() ?? []).toEqual([]);
  expect(childPids()).toEqual([]);
}, 180_000);

const share = (part: bigint, e: EpochReport) =>
  Number((part * 1_000_000n) / (e.ownerCut + e.validatorsTotal + e.minersTotal)) / 10_000;
const paidEpochs = () => report.epochs.filter((e) => e.minersTotal > 0n);
const byName = (rows: NeuronRow[], name: string) => rows.find((n) => n.name === name);

describe("localnet end to end", () => {
  it("runs every node as its own OS process", () => {
    expect(seenWhileRunning.total).toBe(4);
    expect(seenWhileRunning.running).toBe(4);
    expect(new Set(pidsSeen).size).toBe(4);
    expect(pidsSeen).not.toContain(process.pid);
  });

  it("pays epochs 18% owner, 41% validators, 41% miners", () => {
    const paid = paidEpochs();
    expect(paid.length).toBeGreaterThanOrEqual(2);
    const last = paid.at(-1)!;
    expect(last.ownerCut).toBeGreaterThan(0n);
    expect(share(last.ownerCut, last)).toBeCloseTo(18, 0);
    expect(share(last.validatorsTotal, last)).toBeCloseTo(41, 0);
    expect(share(last.minersTotal, last)).toBeCloseTo(41, 0);
  });

  it("ranks the honest miner above the random and the copying one", () => {
    // The neuron demo replaces the lowest pruning score (a cheater), so compare each cheater in
    // the last paid epoch it was still on the subnet.
    for (const [name, behaviour] of [
      ["miner-0", "random"],
      ["miner-1", "copy"],
    ] as const) {
      const epoch = paidEpochs()
        .filter((e) => byName(e.neurons, name)?.behaviour === behaviour)
        .at(-1);
      expect(epoch, `a paid epoch with ${name}`).toBeDefined();
      const honest = byName(epoch!.neurons, "miner-2")!;
      const cheater = byName(epoch!.neurons, name)!;
      expect(honest.behaviour).toBe("honest");
      expect(honest.incentive).toBeGreaterThan(cheater.incentive);
      expect(honest.emission).toBeGreaterThan(cheater.emission);
    }
  });

  it("in every paid epoch, each cheater earns less than the honest miner (issue 15's property on the real chain)", () => {
    const paid = paidEpochs();
    expect(paid.length).toBeGreaterThanOrEqual(2);
    for (const epoch of paid) {
      const honest = byName(epoch.neurons, "miner-2")!;
      for (const cheater of epoch.neurons.filter((n) => n.behaviour === "random" || n.behaviour === "copy")) {
        expect(cheater.incentive, `epoch ${epoch.epoch}: ${cheater.name} (${cheater.behaviour})`).toBeLessThan(honest.incentive);
      }
    }
  });

  it("replaces the lowest pruning score with a newcomer after immunity", () => {
    const neuron = report.deregistrations.find((d) => d.kind === "neuron");
    expect(neuron).toBeDefined();
    expect(neuron!.replaced).toMatch(/^miner-[01] /);
    expect(neuron!.by).toMatch(/^miner-late /);
    const last = report.epochs.at(-1)!;
    expect(last.neurons.find((n) => n.uid === neuron!.uid)?.name).toBe("miner-late");
  });
});
