import type { BatchOp, Store } from "./interface.js";
import { Table } from "./interface.js";

/** One uid's moving-average score, tied to the hotkey it was earned by. */
export interface ScoreRecord {
  hotkey: string;
  score: number;
}

/** Validator scores per subnet: loaded whole at start, saved whole (atomically) after each step. */
export class ScoreRepository {
  constructor(private readonly store: Store) {}

  async load(netuid: number): Promise<Map<number, ScoreRecord>> {
    const rows = await this.store.entries<ScoreRecord>(Table.scores, `${netuid}/`);
    const out = new Map<number, ScoreRecord>();
    for (const [key, value] of rows) {
      const uid = Number(key.slice(key.indexOf("/") + 1));
      if (Number.isInteger(uid) && typeof value?.score === "number" && typeof value.hotkey === "string") out.set(uid, value);
    }
    return out;
  }

  async save(
    netuid: number,
    scores: Map<number, ScoreRecord>,
    extra: Array<{ key: string; value: unknown }> = [],
  ): Promise<void> {
    const existing = await this.store.entries<ScoreRecord>(Table.scores, `${netuid}/`);
    const ops: BatchOp[] = existing
      .filter(([key]) => !scores.has(Number(key.slice(key.indexOf("/") + 1))))
      .map(([key]) => ({ type: "del", table: Table.scores, key }));
    for (const [uid, record] of scores) ops.push({ type: "put", table: Table.scores, key: `${netuid}/${uid}`, value: record });
    for (const { key, value } of extra) ops.push({ type: "put", table: Table.meta, key, value });
    await this.store.batch(ops);
  }
}

/**
 * Replay protection per (subnet, peer hotkey). A validator multiplexes many requests on one
 * stream and the miner admits them concurrently, so nonces may be checked slightly out of order:
 * a nonce is accepted when it was not seen before and is above `high - window` (`high` being the
 * largest accepted so far), the sliding window IPsec and WireGuard use. `high` is written through
 * to level, and after a restart nothing at or below the stored `high` is accepted, so the seen-set
 * that lived in memory is not needed to stop a replay across restarts.
 */
export class NonceRepository {
  private readonly state = new Map<string, { floor: bigint; high: bigint; seen: Set<bigint> }>();
  private readonly locks = new Map<string, Promise<unknown>>();

  /**
   * @param window how far below the highest accepted nonce a first-seen nonce may be. Sender
   *   nonces are microsecond clock readings, so the default is 10 s.
   * @param scope keeps several servers in one store apart (e.g. many miners in one process).
   */
  constructor(
    private readonly store: Store,
    private readonly window = 10_000_000n,
    private readonly scope = "",
  ) {}

  /** True (and recorded) when `nonce` is fresh for this hotkey; false for a replay or a stale nonce. */
  async advance(netuid: number, hotkey: string, nonce: bigint): Promise<boolean> {
    const key = `${this.scope}${netuid}/${hotkey}`;
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.then(async () => {
      let entry = this.state.get(key);
      if (entry === undefined) {
        const stored = await this.store.get<bigint | string>(Table.nonces, key);
        const floor = stored === null ? -1n : BigInt(stored);
        entry = { floor, high: floor, seen: new Set() };
        this.state.set(key, entry);
      }
      if (nonce <= entry.floor || nonce <= entry.high - this.window || entry.seen.has(nonce)) return false;
      entry.seen.add(nonce);
      if (nonce > entry.high) {
        entry.high = nonce;
        await this.store.put(Table.nonces, key, nonce);
        const oldest = nonce - this.window;
        for (const seen of entry.seen) if (seen <= oldest) entry.seen.delete(seen);
      }
      return true;
    });
    const settled = run.catch(() => undefined);
    this.locks.set(key, settled);
    void settled.then(() => {
      if (this.locks.get(key) === settled) this.locks.delete(key);
    });
    return run;
  }
}

/** Small named values (last weights block, pending commits) in the meta table. */
export class MetaRepository {
  constructor(private readonly store: Store) {}

  get<T>(key: string): Promise<T | null> {
    return this.store.get<T>(Table.meta, key);
  }

  put(key: string, value: unknown): Promise<void> {
    return this.store.put(Table.meta, key, value);
  }

  del(key: string): Promise<void> {
    return this.store.del(Table.meta, key);
  }
}
