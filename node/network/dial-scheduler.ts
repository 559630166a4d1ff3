import { NetworkError } from "./errors.js";

/**
 * Runs dials with bounded concurrency and backs off per peer after failures.
 *
 * Why (issue 14): a validator on a CPU-loaded machine that dialled 256 miners at once (each a TCP
 * connect + noise handshake, 5 s timeout) reached 0 of 256 in its first round and every later
 * round failed the same way: all handshakes competed for the CPU and all timed out. Here at most
 * `concurrency` dials run; the others wait in a queue, and a dial's deadline starts only when it
 * runs, so the queue drains a few handshakes at a time whatever the load, and what did not finish
 * in one round is still going (or done) at the next. A peer that failed is not redialled before its
 * backoff (base * 2^(failures-1), jittered by +-25%, at most maxMs) so unreachable miners cost one
 * fast refusal per round instead of a slot.
 */
export interface DialSchedulerOptions {
  concurrency: number;
  backoffMs: number;
  backoffMaxMs: number;
  /** Deadline of one dial once it runs. */
  dialTimeoutMs: number;
}

export type DialFailureReason = "timeout" | "refused" | "backoff" | "other";

export interface DialSchedulerStats {
  running: number;
  queued: number;
  maxRunning: number;
  backingOff: number;
  failures: Record<DialFailureReason, number>;
}

export interface DialScheduler {
  /** Runs `dial(signal)` for `peer` when a slot is free, unless the peer is backing off. */
  run<T>(peer: string, dial: (signal: AbortSignal) => Promise<T>): Promise<T>;
  /** Forgets a peer's failures (e.g. the metagraph announced new addresses for it). */
  reset(peer: string): void;
  stats(): DialSchedulerStats;
  /** Fails every queued dial (the node is stopping). */
  clear(): void;
}

interface Backoff {
  failures: number;
  until: number;
}
/** Bound on the per-peer backoff table; the oldest entries go first. */
const MAX_BACKOFF_ENTRIES = 8192;

export function createDialScheduler(options: DialSchedulerOptions): DialScheduler {
  const queue: Array<{ start: () => void; fail: (err: Error) => void }> = [];
  const backoff = new Map<string, Backoff>();
  const failures: Record<DialFailureReason, number> = { timeout: 0, refused: 0, backoff: 0, other: 0 };
  let running = 0;
  let maxRunning = 0;

  const next = (): void => {
    while (running < options.concurrency && queue.length > 0) queue.shift()?.start();
  };

  const classify = (err: unknown, signal: AbortSignal): DialFailureReason => {
    if (signal.aborted) return "timeout";
    const text = `${(err as Error)?.name ?? ""} ${(err as Error)?.message ?? ""}`;
    if (/ECONNREFUSED|ECONNRESET|refused|denied/i.test(text)) return "refused";
    if (/timeout|timed out|abort/i.test(text)) return "timeout";
    return "other";
  };

  const fail = (peer: string): void => {
    const prior = backoff.get(peer)?.failures ?? 0;
    const failures = prior + 1;
    const base = Math.min(options.backoffMaxMs, options.backoffMs * 2 ** Math.min(failures - 1, 30));
    const jittered = Math.round(base * (0.75 + Math.random() * 0.5));
    backoff.delete(peer);
    if (backoff.size >= MAX_BACKOFF_ENTRIES) {
      const oldest = backoff.keys().next().value;
      if (oldest !== undefined) backoff.delete(oldest);
    }
    backoff.set(peer, { failures, until: Date.now() + jittered });
  };

  return {
    run(peer, dial) {
      const state = backoff.get(peer);
      if (state !== undefined && state.until > Date.now()) {
        failures.backoff += 1;
        return Promise.reject(
          new NetworkError({ code: "BACKING_OFF", peer, failures: state.failures, retryInMs: state.until - Date.now() }),
        );
      }
      return new Promise((resolve, reject) => {
        const start = (): void => {
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          const signal = AbortSignal.timeout(options.dialTimeoutMs);
          dial(signal)
            .then(
              (value) => {
                backoff.delete(peer);
                resolve(value);
              },
              (err: unknown) => {
                failures[classify(err, signal)] += 1;
                fail(peer);
                reject(err);
              },
            )
            .finally(() => {
              running -= 1;
              next();
            });
        };
        queue.push({ start, fail: reject });
        next();
      });
    },
    reset(peer) {
      backoff.delete(peer);
    },
    stats: () => ({
      running,
      queued: queue.length,
      maxRunning,
      backingOff: [...backoff.values()].filter((b) => b.until > Date.now()).length,
      failures: { ...failures },
    }),
    clear() {
      for (const entry of queue.splice(0)) entry.fail(new NetworkError({ code: "NOT_STARTED" }));
    },
  };
}
