/**
 * What a validator knows about each miner's honesty: how many of its answers passed
 * re-execution since it was last caught (warm-up), the throughput those verified answers
 * showed (the cap), and when its penalty ends.
 */
export interface MinerLedger {
  /** Whether `uid` is still warming up: every answer of it is re-executed. */
  warmingUp(uid: number): boolean;
  /** A verified, correct answer at `throughput` rows per ms. */
  passed(uid: number, throughput: number): void;
  /**
   * The throughput credited to an answer nobody checked: its measured throughput, capped at the
   * best the miner showed in its verified answers, so answering fast when unchecked pays nothing.
   * Uncapped for a miner never checked (possible only with warm-up turned off).
   */
  credit(uid: number, throughput: number): number;
  /** Caught at time `t`: history wiped, penalized until `t + penaltyMs`, warm-up starts again. */
  caught(uid: number, t: number): void;
  penalized(uid: number, t: number): boolean;
  /** Uids in their penalty window at `t`, with the time it ends. */
  penalties(t: number): Map<number, number>;
}

export interface LedgerOptions {
  warmupVerified: number;
  penaltyMs: number;
  /** Verified throughputs kept per miner (the cap is their maximum). */
  keep?: number;
}

export function createMinerLedger(options: LedgerOptions): MinerLedger {
  const keep = options.keep ?? 8;
  const records = new Map<number, { passes: number; verified: number[] }>();
  const until = new Map<number, number>();
  const record = (uid: number) => {
    let r = records.get(uid);
    if (!r) {
      r = { passes: 0, verified: [] };
      records.set(uid, r);
    }
    return r;
  };
  return {
    warmingUp: (uid) => (records.get(uid)?.passes ?? 0) < options.warmupVerified,
    passed(uid, throughput) {
      const r = record(uid);
      r.passes++;
      r.verified.push(throughput);
      if (r.verified.length > keep) r.verified.shift();
    },
    credit(uid, throughput) {
      const verified = records.get(uid)?.verified ?? [];
      return verified.length === 0 ? throughput : Math.min(throughput, Math.max(...verified));
    },
    caught(uid, t) {
      records.set(uid, { passes: 0, verified: [] });
      until.set(uid, t + options.penaltyMs);
    },
    penalized(uid, t) {
      const end = until.get(uid);
      if (end === undefined) return false;
      if (end <= t) until.delete(uid);
      return end > t;
    },
    penalties(t) {
      for (const [uid, end] of until) if (end <= t) until.delete(uid);
      return new Map(until);
    },
  };
}
