import { describe, expect, it } from "vitest";
import type { ChainClient } from "../chain/client/interface.js";
import type { Hyperparameters, Metagraph } from "../chain/client/types.js";
import { silentLogger } from "../lib/logger.js";
import { blocksToEpoch, createEpochWatcher, epochBetween, isEpochBlock } from "./epoch-watch.js";
import type { EpochReport } from "./report.js";

describe("epoch schedule (chain.md: (block + netuid + 1) % (tempo + 1) == 0)", () => {
  it("finds epoch blocks and counts down to them", () => {
    // netuid 1, tempo 10: epochs at blocks 9, 20, 31, ...
    expect([8, 9, 10, 20, 31].map((b) => isEpochBlock(b, 1, 10))).toEqual([false, true, false, true, true]);
    expect(blocksToEpoch(10, 1, 10)).toBe(10);
    expect(blocksToEpoch(19, 1, 10)).toBe(1);
    expect(blocksToEpoch(20, 1, 10)).toBe(0);
  });

  it("detects an epoch crossed between two observations, even when blocks were skipped", () => {
    expect(epochBetween(18, 22, 1, 10)).toBe(20);
    expect(epochBetween(20, 22, 1, 10)).toBeNull();
    expect(epochBetween(19, 20, 1, 10)).toBe(20);
  });
});

describe("epoch watcher", () => {
  it("reports an epoch once, with the owner's balance change across it as the owner cut", async () => {
    // A fake of the part below: the chain client returns scripted reads per block.
    let block = 0;
    let ownerFree = 1_000n;
    const metagraph = (): Metagraph => ({
      netuid: 1,
      owner: "owner",
      block,
      hyperparameters: { tempo: 10 } as Hyperparameters,
      emissionPerBlock: 0n,
      neurons: [],
    });
    const client = {
      getMetagraph: async () => metagraph(),
      getBalance: async () => ({ free: ownerFree, reserved: 0n }),
    } as unknown as ChainClient;
    const seen: EpochReport[] = [];
    const watcher = createEpochWatcher(
      { netuid: 1, owner: "owner" },
      { client, roster: new Map(), logger: silentLogger(), onEpoch: (r) => seen.push(r) },
    );
    for (block = 17; block <= 19; block++) await watcher.onBlock(block);
    expect(seen).toEqual([]);
    ownerFree += 180n;
    block = 21; // block 20 (the epoch) was skipped by the subscription
    await watcher.onBlock(block);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ epoch: 1, block: 20, ownerCut: 180n });
    block = 22;
    await watcher.onBlock(block);
    expect(seen).toHaveLength(1);
  });
});
