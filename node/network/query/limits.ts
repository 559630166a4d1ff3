/** Token bucket per peer: `perSecond` sustained, `burst` at once. Buckets of idle peers are dropped. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly now: () => number = Date.now,
  ) {}

  tryTake(peer: string): boolean {
    const now = this.now();
    const bucket = this.buckets.get(peer) ?? { tokens: this.burst, at: now };
    bucket.tokens = Math.min(this.burst, bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond);
    bucket.at = now;
    if (this.buckets.size > 10_000) this.evictFull(now);
    this.buckets.set(peer, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private evictFull(now: number): void {
    for (const [peer, bucket] of this.buckets) {
      if (bucket.tokens + ((now - bucket.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(peer);
    }
  }
}

interface Waiter {
  priority: bigint;
  seq: number;
  grant: () => void;
}

/**
 * At most `maxConcurrent` handlers run at once; up to `maxQueued` more wait, highest stake first
 * (then arrival order). Beyond that the caller is told it is busy instead of waiting.
 */
export class PriorityLimiter {
  private running = 0;
  private seq = 0;
  private readonly queue: Waiter[] = [];

  constructor(
    private readonly maxConcurrent: number,
    private readonly maxQueued: number,
  ) {}

  get active(): number {
    return this.running;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Resolves with a release function when a slot is free; null when the queue is full or `signal` fires. */
  acquire(priority: bigint, signal?: AbortSignal): Promise<(() => void) | null> {
    if (this.running < this.maxConcurrent) {
      this.running += 1;
      return Promise.resolve(this.releaser());
    }
    if (this.queue.length >= this.maxQueued) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter: Waiter = {
        priority,
        seq: this.seq++,
        grant: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve(this.releaser());
        },
      };
      const onAbort = (): void => {
        const at = this.queue.indexOf(waiter);
        if (at >= 0) this.queue.splice(at, 1);
        resolve(null);
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      // Sorted insert: the queue is short (bounded by maxQueued).
      let at = this.queue.findIndex((w) => w.priority < priority || (w.priority === priority && w.seq > waiter.seq));
      if (at < 0) at = this.queue.length;
      this.queue.splice(at, 0, waiter);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.queue.shift();
      if (next !== undefined) next.grant();
      else this.running -= 1;
    };
  }
}
