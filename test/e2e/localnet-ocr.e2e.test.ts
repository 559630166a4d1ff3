import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../lib/logger.js";
import { createLocalnet, type Localnet } from "../../localnet/localnet.js";
import { createNodeLauncher } from "../../localnet/node-launcher.js";
import { parseLocalnetConfig } from "../../localnet/options.js";
import type { RunReport } from "../../localnet/report.js";

/**
 * Issue 15's property on the real chain for the OCR subnet: the dev chain (committed runtime),
 * one validator and four miners as OS processes over libp2p (random, copy, slow, honest), real
 * PaddleOCR. In every paid epoch each cheater earns less than every honest miner, and the slow
 * honest miner less than the fast one and more than each cheater.
 */
const cleanups: Array<() => Promise<void>> = [];
let localnet: Localnet;
let report: RunReport;

beforeAll(async () => {
  const home = await mkdtemp(join(tmpdir(), "meshtensor-e2e-ocr-"));
  cleanups.push(() => rm(home, { recursive: true, force: true }));
  const config = parseLocalnetConfig({
    subnet: "ocr",
    validators: 1,
    miners: 4,
    behaviours: ["random", "copy", "slow"],
    epochs: 3,
    home,
    liveView: false,
    chain: { port: 0, blockMs: 1000 },
    nodeLogLevel: "warn",
    deregistration: { neuron: false, subnet: false },
  });
  const sink = { write: () => true, isTTY: false } as unknown as NodeJS.WritableStream;
  localnet = createLocalnet(config, {
    logger: silentLogger(),
    launcher: createNodeLauncher(),
    out: sink,
    status: sink,
    timeoutMs: 8 * 60_000,
  });
  cleanups.push(() => localnet.stop());
  await localnet.start();
  report = await localnet.run();
}, 10 * 60_000);

afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn();
  expect(localnet?.leftovers() ?? []).toEqual([]);
}, 180_000);

describe("localnet end to end, OCR subnet: incentive integrity", () => {
  it("in every paid epoch: cheaters below every honest miner, slow below fast and above the cheaters", () => {
    const paid = report.epochs.filter((e) => e.minersTotal > 0n);
    expect(paid.length).toBeGreaterThanOrEqual(3);
    for (const epoch of paid) {
      const of = (behaviour: string) => epoch.neurons.filter((n) => n.role === "miner" && n.behaviour === behaviour);
      const [honest, slow, cheats] = [of("honest"), of("slow"), [...of("random"), ...of("copy")]];
      expect(honest.length).toBe(1);
      expect(cheats.length).toBe(2);
      const table = epoch.neurons.map((n) => `${n.name}:${n.behaviour}=${n.incentive}`).join(" ");
      for (const c of cheats) {
        for (const h of [...honest, ...slow]) expect(c.incentive, `epoch ${epoch.epoch}: ${table}`).toBeLessThan(h.incentive);
      }
      for (const s of slow)
        for (const h of honest) expect(s.incentive, `epoch ${epoch.epoch}: ${table}`).toBeLessThan(h.incentive);
    }
  });
});
