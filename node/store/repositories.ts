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
 * How far ahead of the highest accepted nonce the stored floor is written: one write covers the
 * next 250 ms of a sender's nonces (microsecond clock readings) instead of one write per message,
 * which cost ~0.13 ms of a miner's CPU per query. The price: after a restart, a sender's
 * requests from the last 250 ms before it are refused as stale.
 */
export const NONCE_LEASE = 250_000n;

/**
 * Replay protection per (subnet, peer hotkey). A validator multiplexes many requests on one
 * stream and the miner admits them concurrently, so nonces may be checked slightly out of order:
 * a nonce is accepted when it was not seen before and is above `high - window` (`high` being the
 * largest accepted so far), the sliding window IPsec and WireGuard use. Before a nonce above the
 * stored floor is accepted, the floor is moved to `nonce + lease` in level; after a restart
 * nothing at or below the stored floor is accepted, so the seen-set that lived in memory is not
 * needed to stop a replay across restarts.
 */
export class NonceRepository {
  private readonly state = new Map<string, { floor: bigint; high: bigint; stored: bigint; seen: Set<bigint> }>();
  private readonly locks = new Map<string, Promise<unknown>>();

  /**
   * @param window how far below the highest accepted nonce a first-seen nonce may be. Sender
   *   nonces are microsecond clock readings, so the default is 10 s.
   * @param scope keeps several servers in one store apart (e.g. many miners in one process).
   * @param lease how far ahead of an accepted nonce the stored floor is written (NONCE_LEASE).
   */
  constructor(
    private readonly store: Store,
    private readonly window = 10_000_000n,
    private readonly scope = "",
    private readonly lease = NONCE_LEASE,
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
        entry = { floor, high: floor, stored: floor, seen: new Set() };
        this.state.set(key, entry);
      }
      if (nonce <= entry.floor || nonce <= entry.high - this.window || entry.seen.has(nonce)) return false;
      if (nonce > entry.stored) {
        // Written before the nonce counts: a crash right after still leaves it below the floor.
        const floor = nonce + this.lease;
        await this.store.put(Table.nonces, key, floor);
        entry.stored = floor;
      }
      entry.seen.add(nonce);
      if (nonce > entry.high) {
        entry.high = nonce;
        // A Set iterates in insertion order and nonces arrive nearly in order: drop from the
        // front until the first one still inside the window, O(dropped) rather than a scan of the
        // whole window per message (which made a busy miner's checks quadratic). A late,
        // out-of-order nonce behind a newer one lingers until that one goes; harmless, since the
        // window check refuses anything that old anyway.
        const oldest = nonce - this.window;
        for (const seen of entry.seen) {
          if (seen > oldest) break;
          entry.seen.delete(seen);
        }
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
