import { describe, expect, it } from "vitest";
import { createSilenceWatch, silenceWindow } from "./silence.js";

describe("silence rule (chain time)", () => {
  it("a miner unanswered for half a tempo is silent; one answer clears it", () => {
    const watch = createSilenceWatch();
    const window = silenceWindow(10, 0.5);
    expect(window).toBe(5);
    watch.observe(3, "a", true, 100);
    // Stops answering at block 102: not silent until five blocks later.
    watch.observe(3, "a", false, 102);
    watch.observe(3, "a", false, 104);
    expect(watch.silent(3, 106, window)).toBe(false);
    watch.observe(3, "a", false, 107);
    expect(watch.silent(3, 107, window)).toBe(true);
    // Back: one answer and it is no longer silent.
    watch.observe(3, "a", true, 120);
    expect(watch.silent(3, 121, window)).toBe(false);
  });

  it("a miner not queried is never silent, and a new hotkey on the uid starts afresh", () => {
    const watch = createSilenceWatch();
    expect(watch.silent(1, 1_000, 5)).toBe(false);
    watch.observe(1, "a", false, 10);
    expect(watch.silent(1, 20, 5)).toBe(true);
    watch.observe(1, "b", false, 18);
    expect(watch.silent(1, 20, 5)).toBe(false);
  });

  it("the window is at least one block", () => {
    expect(silenceWindow(1, 0.5)).toBe(1);
    expect(silenceWindow(360, 0.5)).toBe(180);
  });
});

describe("probation after silence", () => {
  it("a miner back from silence earns nothing until it has answered for a whole tempo; a miss starts it over", () => {
    const watch = createSilenceWatch();
    watch.observe(2, "a", false, 10);
    expect(watch.silent(2, 15, 5)).toBe(true);
    watch.observe(2, "a", true, 20);
    expect(watch.silent(2, 20, 5)).toBe(false);
    expect(watch.onProbation(2, 25, 10)).toBe(true);
    watch.observe(2, "a", false, 26);
    watch.observe(2, "a", true, 27);
    // Back since 27 now, not 20.
    expect(watch.onProbation(2, 31, 10)).toBe(true);
    expect(watch.onProbation(2, 37, 10)).toBe(false);
    expect(watch.onProbation(2, 38, 10)).toBe(false);
  });

  it("a miner never silenced is never on probation", () => {
    const watch = createSilenceWatch();
    watch.observe(4, "a", true, 1);
    watch.observe(4, "a", false, 2);
    expect(watch.onProbation(4, 3, 10)).toBe(false);
  });
});

describe("probation grows with each silence", () => {
  it("doubles for a miner silenced again soon after clearing it, and is forgiven after 8 periods of service", () => {
    const watch = createSilenceWatch();
    const P = 11;
    /** Silent from `from` (detected 5 blocks on), back at `back`; returns the block its probation clears. */
    const cycle = (from: number, back: number) => {
      watch.observe(1, "a", false, from);
      expect(watch.silent(1, from + 5, 5)).toBe(true);
      watch.observe(1, "a", true, back);
      let block = back;
      while (watch.onProbation(1, block, P)) {
        watch.observe(1, "a", true, block);
        block++;
        if (block > back + 1000) throw new Error("probation never cleared");
      }
      return block - back;
    };
    watch.observe(1, "a", true, 0);
    expect(cycle(10, 30)).toBe(P);
    expect(cycle(50, 70)).toBe(2 * P);
    expect(cycle(100, 120)).toBe(4 * P);
    // Serves unbroken for 8 of its probation periods: forgiven, the next silence costs one period.
    const cleared = 120 + 4 * P;
    expect(watch.onProbation(1, cleared + 8 * P, P)).toBe(false);
    expect(cycle(cleared + 8 * P + 1, cleared + 8 * P + 20)).toBe(P);
  });
});
