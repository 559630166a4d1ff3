import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../lib/logger.js";
import { StoreError } from "./errors.js";
import { Table } from "./interface.js";
import { createStore } from "./level-store.js";
import { NONCE_LEASE, NonceRepository, ScoreRepository } from "./repositories.js";

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "mesh-store-"));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function open(path: string) {
  const store = createStore({ path }, { logger: silentLogger() });
  await store.start();
  cleanups.push(() => store.stop());
  return store;
}

describe("store", () => {
  it("keeps scores, bigints and nonces across a reopen", async () => {
    const dir = tempDir();
    const first = await open(dir);
    const scores = new ScoreRepository(first);
    await scores.save(
      1,
      new Map([
        [0, { hotkey: "a", score: 0.5 }],
        [3, { hotkey: "b", score: 0.25 }],
      ]),
      [{ key: "weights/1", value: 42n }],
    );
    expect(await new NonceRepository(first).advance(1, "hk", 10n)).toBe(true);
    await first.stop();

    const second = await open(dir);
    expect([...(await new ScoreRepository(second).load(1)).entries()]).toEqual([
      [0, { hotkey: "a", score: 0.5 }],
      [3, { hotkey: "b", score: 0.25 }],
    ]);
    expect(await second.get(Table.meta, "weights/1")).toBe(42n);
    const nonces = new NonceRepository(second);
    // After a restart the in-memory window is gone: nothing at or below the stored floor (the
    // last accepted nonce plus the lease) passes.
    expect(await nonces.advance(1, "hk", 10n)).toBe(false);
    expect(await nonces.advance(1, "hk", 9n)).toBe(false);
    expect(await nonces.advance(1, "hk", 10n + NONCE_LEASE)).toBe(false);
    expect(await nonces.advance(1, "hk", 11n + NONCE_LEASE)).toBe(true);
  });

  it("writes the nonce floor once per lease, not once per message, and never accepts a nonce above what is stored", async () => {
    const store = await open(tempDir());
    const writes: bigint[] = [];
    const counting = new Proxy(store, {
      get(target, prop, receiver) {
        if (prop === "put")
          return async (table: Table, key: string, value: unknown) => {
            writes.push(value as bigint);
            return target.put(table, key, value);
          };
        return Reflect.get(target, prop, receiver);
      },
    });
    const nonces = new NonceRepository(counting, 10_000_000n, "", 1_000n);
    for (let n = 1n; n <= 2_500n; n += 1n) expect(await nonces.advance(1, "hk", n)).toBe(true);
    expect(writes).toEqual([1_001n, 2_002n, 3_003n]);
    expect(await store.get(Table.nonces, "1/hk")).toBe(3_003n);
  });

  it("drops uids that are no longer scored when saving", async () => {
    const store = await open(tempDir());
    const scores = new ScoreRepository(store);
    await scores.save(
      2,
      new Map([
        [1, { hotkey: "a", score: 1 }],
        [2, { hotkey: "b", score: 1 }],
      ]),
    );
    await scores.save(2, new Map([[2, { hotkey: "b", score: 0.5 }]]));
    expect([...(await scores.load(2)).keys()]).toEqual([2]);
  });

  it("accepts nonces slightly out of order once each, and refuses those below the window", async () => {
    const nonces = new NonceRepository(await open(tempDir()), 100n);
    expect(await nonces.advance(1, "hk", 1000n)).toBe(true);
    expect(await nonces.advance(1, "hk", 990n)).toBe(true);
    expect(await nonces.advance(1, "hk", 990n)).toBe(false);
    expect(await nonces.advance(1, "hk", 1000n)).toBe(false);
    expect(await nonces.advance(1, "hk", 900n)).toBe(false);
    expect(await nonces.advance(2, "hk", 900n)).toBe(true);
  });

  it("lets only one of two concurrent messages with the same nonce through", async () => {
    const nonces = new NonceRepository(await open(tempDir()));
    const results = await Promise.all([nonces.advance(1, "hk", 5n), nonces.advance(1, "hk", 5n)]);
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it("says the directory is locked when another node holds it", async () => {
    const dir = tempDir();
    await open(dir);
    const other = createStore({ path: dir }, { logger: silentLogger() });
    const err = await other.start().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).type.code).toBe("LOCKED");
  });
});
