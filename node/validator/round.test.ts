import { describe, expect, it } from "vitest";
import type { NeuronInfo } from "../../chain/client/types.js";
import { CAUGHT, PENDING } from "../../subnets/sdk/interface.js";
import { judgeRound, type RoundContext } from "./round.js";
import { createSilenceWatch } from "./silence.js";

const neurons = [0, 1, 2, 3].map((uid) => ({ uid, hotkey: `h${uid}` }) as NeuronInfo);

describe("judgeRound", () => {
  it("keeps CAUGHT, leaves PENDING out (the average stays), scales the rest by uptime", () => {
    const ctx: RoundContext = {
      neurons,
      block: 10,
      tempo: 10,
      silence: createSilenceWatch(),
      silenceTempos: 0.5,
      uptime: { record: () => undefined, apply: (_uid, r) => r * 0.5, forget: () => undefined },
    };
    const items = [0, 1, 2].map((uid) => ({ uid, ok: true }));
    const out = judgeRound(items, [CAUGHT, PENDING, 0.8], ctx);
    expect(out.get(0)).toBe(CAUGHT);
    expect(out.has(1)).toBe(false);
    expect(out.get(2)).toBeCloseTo(0.4);
  });

  it("a miner silent for half a tempo is CAUGHT; back, it earns 0 until it has served a whole tempo", () => {
    const silence = createSilenceWatch();
    const at = (block: number, ok: boolean, reward: number) =>
      judgeRound([{ uid: 3, ok }], [reward], { neurons, block, tempo: 10, silence, silenceTempos: 0.5, uptime: null }).get(3);
    expect(at(1, true, 1)).toBe(1);
    expect(at(2, false, 0)).toBe(0);
    expect(at(6, false, 0)).toBe(0);
    expect(at(7, false, 0)).toBe(CAUGHT);
    expect(at(8, true, 1)).toBe(0);
    expect(at(18, true, 1)).toBe(0);
    expect(at(19, true, 1)).toBe(1);
  });
});
