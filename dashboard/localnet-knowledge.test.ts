import { describe, expect, it } from "vitest";
import type { ManagedProcess } from "../localnet/processes.js";
import type { Roster } from "../localnet/report.js";
import { localnetKnowledge, summariseMetrics } from "./localnet-knowledge.js";

describe("localnet knowledge for the dashboard", () => {
  it("names hotkeys the localnet created and nothing else", async () => {
    const roster: Roster = new Map([["5Miner", { name: "miner-1", role: "miner", behaviour: "copy" }]]);
    const stopped = { name: "miner-1", isRunning: () => false } as unknown as ManagedProcess;
    const k = localnetKnowledge({ roster: () => roster, nodeFor: (hk) => (hk === "5Miner" ? stopped : null) });
    expect(k.describe("5Miner")).toEqual({ name: "miner-1", role: "miner", behaviour: "copy" });
    expect(k.describe("5Stranger")).toBeNull();
    expect(await k.nodeStatus("5Stranger")).toBeNull();
    // A node that went offline on purpose shows as not running, without a network read.
    expect(await k.nodeStatus("5Miner")).toEqual({ running: false, health: null, metrics: {} });
  });

  it("sums each meshtensor_ metric over its labels and skips the rest", () => {
    const text = [
      "# HELP meshtensor_outbound_queries_total queries",
      'meshtensor_outbound_queries_total{outcome="ok"} 12',
      'meshtensor_outbound_queries_total{outcome="timeout"} 3',
      "meshtensor_peers 4",
      "process_cpu_seconds_total 1.5",
      "meshtensor_bad NaN",
    ].join("\n");
    expect(summariseMetrics(text)).toEqual({ meshtensor_outbound_queries_total: 15, meshtensor_peers: 4 });
  });
});
