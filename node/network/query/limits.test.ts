import { describe, expect, it } from "vitest";
import { PriorityLimiter, RateLimiter } from "./limits.js";

describe("RateLimiter", () => {
  it("allows a burst, then refills at the sustained rate, per peer", () => {
    let now = 0;
    const limiter = new RateLimiter(2, 3, () => now);
    expect([1, 2, 3, 4].map(() => limiter.tryTake("a"))).toEqual([true, true, true, false]);
    expect(limiter.tryTake("b")).toBe(true);
    now = 500;
    expect(limiter.tryTake("a")).toBe(true);
    expect(limiter.tryTake("a")).toBe(false);
  });
});

describe("PriorityLimiter", () => {
  it("runs the highest-stake waiter first and refuses beyond the queue", async () => {
    const limiter = new PriorityLimiter(1, 2);
    const first = await limiter.acquire(0n);
    const order: string[] = [];
    const low = limiter.acquire(1n).then((r) => {
      order.push("low");
      return r;
    });
    const high = limiter.acquire(100n).then((r) => {
      order.push("high");
      return r;
    });
    expect(await limiter.acquire(50n)).toBeNull();
    first?.();
    (await high)?.();
    (await low)?.();
    expect(order).toEqual(["high", "low"]);
    expect(limiter.active).toBe(0);
  });
});
