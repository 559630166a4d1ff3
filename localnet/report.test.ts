import { describe, expect, it } from "vitest";
import type { Hyperparameters, Metagraph, NeuronInfo } from "../chain/client/types.js";
import {
  buildEpochReport,
  formatMetagraphTable,
  formatSplitLine,
  formatTokens,
  percent,
  type Roster,
  reportToJson,
} from "./report.js";

function neuron(uid: number, hotkey: string, emission: bigint, extra: Partial<NeuronInfo> = {}): NeuronInfo {
  return {
    uid,
    hotkey,
    coldkey: `c${uid}`,
    endpoint: null,
    active: true,
    validatorPermit: false,
    stake: 0n,
    rank: 0,
    trust: 0,
    consensus: 0,
    incentive: 0,
    dividends: 0,
    validatorTrust: 0,
    pruningScore: 0,
    emission,
    lastUpdate: 0,
    blockAtRegistration: 0,
    ...extra,
  };
}

const metagraph: Metagraph = {
  netuid: 1,
  owner: "owner",
  block: 42,
  hyperparameters: {} as Hyperparameters,
  emissionPerBlock: 1_000_000_000n,
  neurons: [
    neuron(0, "v0", 410_000_000n, { stake: 100_000_000_000n, dividends: 65535, validatorPermit: true }),
    neuron(1, "m0", 300_000_000n, { incentive: 48_000, trust: 65535 }),
    neuron(2, "m1", 110_000_000n, { incentive: 17_535 }),
    neuron(3, "stranger", 0n),
  ],
};
const roster: Roster = new Map([
  ["v0", { name: "validator-0", role: "validator", behaviour: "-" }],
  ["m0", { name: "miner-0", role: "miner", behaviour: "honest" }],
  ["m1", { name: "miner-1", role: "miner", behaviour: "slow" }],
]);

describe("localnet report", () => {
  it("sums emission by role from the roster and keeps unknown hotkeys out of both totals", () => {
    const report = buildEpochReport(1, metagraph, roster, 180_000_000n);
    expect(report.validatorsTotal).toBe(410_000_000n);
    expect(report.minersTotal).toBe(410_000_000n);
    expect(report.neurons.map((n) => n.role)).toEqual(["validator", "miner", "miner", "unknown"]);
  });

  it("prints the split as tokens and percent of what was paid", () => {
    const line = formatSplitLine(buildEpochReport(2, metagraph, roster, 180_000_000n));
    expect(line).toBe(
      "epoch 2 netuid 1 block 42: paid 1.000000 | owner 0.180000 (18.00%) | validators 0.410000 (41.00%) | miners 0.410000 (41.00%)",
    );
  });

  it("prints one table row per uid with role, behaviour and u16 proportions as fractions", () => {
    const table = formatMetagraphTable(buildEpochReport(1, metagraph, roster, 0n)).split("\n");
    expect(table).toHaveLength(2 + 4);
    expect(table[0]).toMatch(/^uid\s+name\s+role\s+behaviour\s+stake\s+trust\s+consensus\s+incentive\s+dividends\s+emission$/);
    expect(table[2]).toMatch(
      /^\s*0\s+validator-0\s+validator\s+-\s+100\.0000\s+0\.0000\s+0\.0000\s+0\.0000\s+1\.0000\s+0\.410000$/,
    );
    expect(table[4]).toContain("slow");
  });

  it("writes the JSON report with base-unit strings and snake_case keys", () => {
    const json = reportToJson({
      subnet: "ocr",
      chain: { engine: "node", authorities: 3, bestBlock: 120, finalizedBlock: 118 },
      netuid: 1,
      bondModel: "yuma3-liquid-alpha",
      firstEpochPaidMs: 1234,
      epochs: [buildEpochReport(1, metagraph, roster, 180_000_000n)],
      deregistrations: [
        {
          kind: "subnet",
          block: 99,
          netuid: 2,
          replaced: "netuid 2 of 5Owner",
          by: "netuid 2 of 5New",
          lockRefunded: 10n ** 10n,
        },
      ],
    }) as {
      chain: unknown;
      bond_model: string;
      epochs: Array<Record<string, unknown>>;
      deregistrations: Array<Record<string, unknown>>;
    };
    expect(json.chain).toEqual({ engine: "node", authorities: 3, best_block: 120, finalized_block: 118 });
    expect(json.bond_model).toBe("yuma3-liquid-alpha");
    const epoch = json.epochs[0]!;
    expect(epoch).toMatchObject({
      netuid: 1,
      block: 42,
      owner_cut: "180000000",
      validators_total: "410000000",
      miners_total: "410000000",
    });
    expect((epoch.neurons as unknown[])[0]).toMatchObject({
      uid: 0,
      hotkey: "v0",
      role: "validator",
      stake: "100000000000",
      emission: "410000000",
    });
    expect(json.deregistrations[0]).toEqual({
      kind: "subnet",
      block: 99,
      netuid: 2,
      replaced: "netuid 2 of 5Owner",
      by: "netuid 2 of 5New",
      lock_refunded: "10000000000",
    });
    expect(() => JSON.stringify(json)).not.toThrow();
  });

  it("formats amounts and percentages exactly", () => {
    expect(formatTokens(1_234_567_891n, 6)).toBe("1.234567");
    expect(formatTokens(5n, 9)).toBe("0.000000005");
    expect(percent(1n, 3n)).toBe("33.33");
    expect(percent(0n, 0n)).toBe("0.00");
  });
});
