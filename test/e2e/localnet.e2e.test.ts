import { execFileSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NeuronView, SubnetView } from "../../dashboard/api-types.js";
import { createDashboard, type Dashboard, localnetKnowledge } from "../../dashboard/index.js";
import { silentLogger } from "../../lib/logger.js";
import { createLocalnet, type Localnet } from "../../localnet/localnet.js";
import { createNodeLauncher } from "../../localnet/node-launcher.js";
import { parseLocalnetConfig } from "../../localnet/options.js";
import type { EpochReport, NeuronRow, RunReport } from "../../localnet/report.js";

/**
 * The README's `npm run localnet`, shortened: the real dev chain (committed runtime) with fast
 * interval blocks, one validator and three miners as separate OS processes over real libp2p on
 * 127.0.0.1, the fast `inference` subnet, one random and one copying miner, a neuron replaced.
 */
const cleanups: Array<() => Promise<void>> = [];
let localnet: Localnet;
let report: RunReport;
let pidsSeen: number[] = [];
let dashboard: Dashboard;
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
  // What `localnet --dashboard` runs: the dashboard with the localnet's names and node health.
  dashboard = createDashboard(
    { chain: localnet.endpoint!, port: 0, pollMs: 300 },
    { logger: silentLogger(), localnet: localnetKnowledge(localnet) },
  );
  await dashboard.start();
  cleanups.push(() => dashboard.stop());
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
  it("shows node names, behaviours and a running node's health on the dashboard", async () => {
    const get = async <T>(path: string) => (await (await fetch(new URL(path, dashboard.url))).json()) as T;
    const subnet = await get<SubnetView>(`/api/subnets/${report.netuid}`);
    const named = subnet.neurons.filter((n) => n.name !== null);
    expect(named.map((n) => n.name)).toContain("validator-0");
    // The same names and behaviours the localnet's own report gives each hotkey.
    const known = new Map(report.epochs.at(-1)!.neurons.map((n) => [n.hotkey, n]));
    const both = named.filter((n) => known.has(n.hotkey));
    expect(both.length).toBeGreaterThanOrEqual(3);
    for (const n of both) expect([n.name, n.behaviour]).toEqual([known.get(n.hotkey)!.name, known.get(n.hotkey)!.behaviour]);
    expect(named.some((n) => n.role === "miner")).toBe(true);
    const validator = named.find((n) => n.name === "validator-0")!;
    const view = await get<NeuronView>(`/api/subnets/${report.netuid}/neurons/${validator.uid}`);
    expect(view.node?.running).toBe(true);
    expect(view.node?.health).not.toBeNull();
    expect(Object.keys(view.node?.metrics ?? {}).length).toBeGreaterThan(0);
    expect(subnet.history.some((p) => p.payout !== null && BigInt(p.payout.miners) > 0n)).toBe(true);
  });

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
