/**
 * What a validator knows about each miner's honesty: how many of its answers passed
 * re-execution since it was last caught (warm-up), and when its penalty ends.
 */
export interface MinerLedger {
  /** Whether `uid` is still warming up: every answer of it is re-executed. */
  warmingUp(uid: number): boolean;
  /** A verified, correct answer. */
  passed(uid: number): void;
  /** Caught at time `t`: history wiped, penalized until `t + penaltyMs`, warm-up starts again. */
  caught(uid: number, t: number): void;
  penalized(uid: number, t: number): boolean;
  /** Uids in their penalty window at `t`, with the time it ends. */
  penalties(t: number): Map<number, number>;
}

export interface LedgerOptions {
  warmupVerified: number;
  penaltyMs: number;
}

export function createMinerLedger(options: LedgerOptions): MinerLedger {
  const records = new Map<number, { passes: number }>();
  const until = new Map<number, number>();
  const record = (uid: number) => {
    let r = records.get(uid);
    if (!r) {
      r = { passes: 0 };
      records.set(uid, r);
    }
    return r;
  };
  return {
    warmingUp: (uid) => (records.get(uid)?.passes ?? 0) < options.warmupVerified,
    passed(uid) {
      record(uid).passes++;
    },
    caught(uid, t) {
      records.set(uid, { passes: 0 });
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
