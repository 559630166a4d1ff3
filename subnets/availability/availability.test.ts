import { describe, expect, it } from "vitest";
import { noInference } from "../../lib/inference.js";
import { silentLogger } from "../../lib/logger.js";
import type { SubnetDefinition, SubnetValidator } from "../sdk/interface.js";
import { createUptimeTracker } from "./uptime.js";
import { withAvailability } from "./wrap.js";

const MIN = 60_000;

function clock(start = 10 * MIN) {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

/** Ten one-minute slots per window; probes each minute while `up(slot)` says the miner answers. */
function simulate(
  tracker: ReturnType<typeof createUptimeTracker>,
  c: ReturnType<typeof clock>,
  minutes: number,
  up: (m: number) => boolean,
) {
  const seen: number[] = [];
  for (let m = 0; m < minutes; m++) {
    tracker.record(1, up(m));
    seen.push(tracker.uptime(1));
    c.advance(MIN);
  }
  return seen;
}

describe("availability: uptime over a window of probe slots", () => {
  it("drops with each missed probe within the window and regains slowly once back", () => {
    const c = clock();
    const t = createUptimeTracker({ windowMs: 10 * MIN, probeIntervalMs: MIN }, c);
    const upPhase = simulate(t, c, 10, () => true);
    expect(upPhase[9]).toBe(1);
    // Offline for 5 minutes: down by a tenth per missed slot, not all at once.
    const down = simulate(t, c, 5, () => false);
    expect(down[0]).toBeCloseTo(0.9, 6);
    expect(down[4]).toBeCloseTo(0.5, 6);
    // Back: the missed slots leave the window one by one, so recovery takes a whole window.
    const back = simulate(t, c, 10, () => true);
    expect(back[0]).toBeLessThan(0.65);
    expect(back[4]).toBeLessThan(1);
    expect(back[9]).toBe(1);
    for (let i = 1; i < back.length; i++) expect(back[i]).toBeGreaterThanOrEqual(back[i - 1] as number);
  });

  it("a failed probe followed by a success in the same slot counts as up; the slot in progress costs nothing", () => {
    const c = clock();
    const t = createUptimeTracker({ windowMs: 10 * MIN, probeIntervalMs: MIN }, c);
    simulate(t, c, 3, () => true);
    // New slot, not probed yet: not counted against the miner.
    expect(t.uptime(1)).toBe(1);
    expect(t.shouldProbe(1)).toBe(true);
    t.record(1, false);
    // A failure shows at once...
    expect(t.uptime(1)).toBeCloseTo(0.75, 6);
    expect(t.shouldProbe(1)).toBe(true);
    t.record(1, true);
    // ...and a success in the same slot turns it up.
    expect(t.shouldProbe(1)).toBe(false);
    expect(t.uptime(1)).toBe(1);
  });

  it("a uid never seen, or started afresh, has to earn its uptime", () => {
    const c = clock();
    const t = createUptimeTracker({ windowMs: 10 * MIN, probeIntervalMs: MIN }, c);
    simulate(t, c, 10, () => true);
    // Never probed in 10 slots since the tracker started.
    expect(t.uptime(7)).toBe(0);
    t.forget(1);
    t.record(1, true);
    expect(t.uptime(1)).toBe(1);
    c.advance(MIN);
    // The next slot is not probed yet: nothing lost.
    expect(t.uptime(1)).toBeCloseTo(1, 6);
    c.advance(MIN);
    // That slot went by without a successful probe: one of the new holder's two slots.
    expect(t.uptime(1)).toBeCloseTo(0.5, 6);
  });

  it("multiplies a subnet's rewards by uptime", async () => {
    const c = clock();
    const t = createUptimeTracker({ windowMs: 10 * MIN, probeIntervalMs: MIN }, c);
    for (let m = 0; m < 10; m++) {
      c.advance(MIN);
      t.record(0, true);
      t.record(1, m % 2 === 0);
    }
    const inner: SubnetValidator<number, number> = {
      challenge: async () => ({ request: 1, secret: null }),
      score: async (items) => items.map(() => 0.8),
      close: async () => undefined,
    };
    const subnet = { name: "x", createValidator: async () => inner } as unknown as SubnetDefinition<number, number>;
    const v = await withAvailability(subnet, t).createValidator({ logger: silentLogger(), inference: noInference() });
    const c0 = await v.challenge();
    const ok = { ok: true as const, response: 1, latencyMs: 1, processingMs: 1 };
    const scores = await v.score([
      { uid: 0, challenge: c0, outcome: ok },
      { uid: 1, challenge: c0, outcome: ok },
    ]);
    expect(scores[0]).toBeCloseTo(0.8, 6);
    expect(scores[1]).toBeCloseTo(0.4, 6);
  });

  it("names a bad option", () => {
    expect(() => createUptimeTracker({ windowMs: 1000, probeIntervalMs: 5000 })).toThrow(/windowMs/);
    expect(() => createUptimeTracker({ windowMS: 1 } as never)).toThrow(/windowMS/);
  });
});
