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
 * The last nonce seen from each peer hotkey, per subnet. Checked and advanced under a per-key
 * lock so two concurrent messages cannot both pass with the same nonce; written through to level
 * so a restart does not reopen a replay window.
 */
export class NonceRepository {
  private readonly cache = new Map<string, bigint>();
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(private readonly store: Store) {}

  /** True (and recorded) when `nonce` is above the last one seen for this hotkey. */
  async advance(netuid: number, hotkey: string, nonce: bigint): Promise<boolean> {
    const key = `${netuid}/${hotkey}`;
    const previous = this.locks.get(key) ?? Promise.resolve();
    const run = previous.then(async () => {
      let last = this.cache.get(key);
      if (last === undefined) {
        const stored = await this.store.get<bigint | string>(Table.nonces, key);
        last = stored === null ? -1n : BigInt(stored);
      }
      if (nonce <= last) {
        this.cache.set(key, last);
        return false;
      }
      await this.store.put(Table.nonces, key, nonce);
      this.cache.set(key, nonce);
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
