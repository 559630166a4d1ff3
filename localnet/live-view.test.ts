import { describe, expect, it } from "vitest";
import type { Hyperparameters, Metagraph, NeuronInfo } from "../chain/client/types.js";
import { createLiveLine, formatLiveLine } from "./live-view.js";
import type { Roster } from "./report.js";

const neuron = (uid: number, hotkey: string, lastUpdate: number, served: boolean): NeuronInfo =>
  ({
    uid,
    hotkey,
    lastUpdate,
    endpoint: served ? { peerId: "p", multiaddrs: [], version: 1, protocol: 0, block: 1 } : null,
  }) as NeuronInfo;

describe("live view", () => {
  it("shows block, epoch countdown, qps, the last weights set and nodes up", () => {
    const metagraph = {
      netuid: 1,
      block: 25,
      hyperparameters: { tempo: 10 } as Hyperparameters,
      neurons: [neuron(0, "v0", 18, true), neuron(1, "v1", 22, true), neuron(2, "m0", 0, false)],
    } as Metagraph;
    const roster: Roster = new Map([
      ["v0", { name: "validator-0", role: "validator", behaviour: "-" }],
      ["v1", { name: "validator-1", role: "validator", behaviour: "-" }],
      ["m0", { name: "miner-0", role: "miner", behaviour: "honest" }],
    ]);
    const line = formatLiveLine({ block: 25, metagraph, ownerFree: 0n }, roster, { qps: 12.34, running: 3, total: 3 });
    // netuid 1, tempo 10: epochs at 20, 31 -> 6 blocks to go at 25.
    expect(line).toBe("block 25 | epoch in 6/11 | qps 12.3 | weights @22 by validator-1 | nodes 3/3 up, 2/3 served");
    expect(
      formatLiveLine({ block: 25, metagraph: { ...metagraph, neurons: [] }, ownerFree: 0n }, roster, {
        qps: null,
        running: 0,
        total: 3,
      }),
    ).toContain("qps - | weights not yet");
  });

  it("draws the status line only on a TTY and clears it before printing", () => {
    const written: string[] = [];
    const tty = { isTTY: true, write: (s: string) => written.push(s) } as unknown as NodeJS.WritableStream & { isTTY: boolean };
    const live = createLiveLine(tty, tty, true);
    live.update("block 1");
    live.print("table");
    expect(written).toEqual(["block 1", "\r\x1b[2K", "table\n"]);
    const pipe: string[] = [];
    const notTty = { isTTY: false, write: (s: string) => pipe.push(s) } as unknown as NodeJS.WritableStream;
    const quiet = createLiveLine(notTty, notTty, true);
    quiet.update("block 1");
    quiet.print("table");
    expect(pipe).toEqual(["table\n"]);
  });
});
