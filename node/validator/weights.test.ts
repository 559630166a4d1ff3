import { describe, expect, it } from "vitest";
import type { NeuronInfo } from "../../chain/client/types.js";
import { CAUGHT } from "../../subnets/sdk/interface.js";
import { foldScores } from "./scores.js";
import { scoresToWeights } from "./weights.js";

const neuron = (uid: number, hotkey: string) => ({ uid, hotkey }) as NeuronInfo;

describe("foldScores", () => {
  it("moves scores toward rewards by alpha, resets a uid whose hotkey changed, drops uids that left", () => {
    const previous = new Map([
      [0, { hotkey: "a", score: 0.5 }],
      [1, { hotkey: "b", score: 0.8 }],
      [2, { hotkey: "c", score: 0.3 }],
      [9, { hotkey: "z", score: 1 }],
    ]);
    const next = foldScores(
      previous,
      [neuron(0, "a"), neuron(1, "b2"), neuron(2, "c")],
      new Map([
        [0, 1],
        [1, 1],
      ]),
      0.1,
    );
    expect(next.get(0)?.score).toBeCloseTo(0.55);
    expect(next.get(1)).toEqual({ hotkey: "b2", score: 0.1 });
    expect(next.get(2)).toEqual({ hotkey: "c", score: 0.3 });
    expect(next.has(9)).toBe(false);
  });

  it("a CAUGHT reward resets the moving average to 0 instead of folding in a 0", () => {
    const previous = new Map([
      [0, { hotkey: "a", score: 0.9 }],
      [1, { hotkey: "b", score: 0.9 }],
    ]);
    const next = foldScores(
      previous,
      [neuron(0, "a"), neuron(1, "b")],
      new Map([
        [0, CAUGHT],
        [1, 0],
      ]),
      0.1,
    );
    expect(next.get(0)?.score).toBe(0);
    expect(next.get(1)?.score).toBeCloseTo(0.81);
  });
});

describe("scoresToWeights", () => {
  it("max-upscales to 65535 and keeps proportions", () => {
    expect(
      scoresToWeights(
        new Map([
          [0, 0.5],
          [2, 0.25],
          [3, 0],
        ]),
        4,
        1,
        65535,
      ),
    ).toEqual({ uids: [0, 2], values: [65535, 32768] });
  });

  it("returns null when nobody earned anything", () => {
    expect(scoresToWeights(new Map([[0, 0]]), 4, 1, 65535)).toBeNull();
  });

  it("pads to min_allowed_weights and respects max_weight_limit after normalization", () => {
    const row = scoresToWeights(new Map([[1, 1]]), 8, 4, 26214 /* 0.4 */);
    expect(row?.uids).toEqual([0, 1, 2, 3]);
    const values = row?.values ?? [];
    const total = values.reduce((a, b) => a + b, 0);
    expect(Math.max(...values) / total).toBeLessThanOrEqual(26214 / 65535);
  });
});
