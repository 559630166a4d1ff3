import { describe, expect, it } from "vitest";
import { createFirstWeightsGate } from "./first-weights.js";

describe("first weights gate", () => {
  it("waits until every answering miner has a score, then stays open", () => {
    const gate = createFirstWeightsGate(30);
    // A round in which nobody answered (no miner dialed yet) proves nothing.
    expect(gate.ready([], new Map())).toBe(false);
    expect(gate.ready([1, 2], new Map([[1, 0.5]]))).toBe(false);
    expect(
      gate.ready(
        [1, 2],
        new Map([
          [1, 0.5],
          [2, 0],
        ]),
      ),
    ).toBe(true);
    // Open for good: a newcomer without a score does not hold weights back.
    expect(gate.ready([1, 2, 3], new Map([[1, 0.5]]))).toBe(true);
  });

  it("opens after maxRounds even if a miner is never judged", () => {
    const gate = createFirstWeightsGate(3);
    expect(gate.ready([1], new Map())).toBe(false);
    expect(gate.ready([1], new Map())).toBe(false);
    expect(gate.ready([1], new Map())).toBe(true);
  });
});
