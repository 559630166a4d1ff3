import { spawn, spawnSync } from "node:child_process";
import { closeSync, openSync, readdirSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { errorMessage } from "../../lib/errors.js";
import { silentLogger } from "../../lib/logger.js";
import { createStore, NonceRepository, ScoreRepository, StoreError } from "../../node/store/index.js";
import { Cleanup, tempDir } from "../node/harness.js";

// The node's store when the disk is full (a file-size limit on the writing process makes its
// writes fail with EFBIG, as ENOSPC would) and when another process holds it.
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

function runFill(
  path: string,
  limitKiB: number,
): { written: number; error: { name: string; code: unknown; message: string } | null } {
  // `ulimit -f` counts 1 KiB blocks (bash); Node ignores SIGXFSZ, so the write fails instead of the process.
  const script = `ulimit -f ${limitKiB} && exec "${process.execPath}" --import tsx test/reliability/fixtures/fill-store.ts "${path}"`;
  const run = spawnSync("bash", ["-c", script], { encoding: "utf8", timeout: 60_000 });
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout.trim().split("\n").pop() ?? "{}");
}

describe("store faults", () => {
  it("a full disk fails the write with a StoreError naming the store; what was acknowledged survives whole", async () => {
    const path = join(tempDir(cleanup), "store");
    const { written, error } = runFill(path, 2048);
    expect(written).toBeGreaterThan(0);
    expect(error).toMatchObject({ name: "StoreError", code: "WRITE_FAILED" });
    expect(error?.message).toContain(path);
    expect(error?.message).toMatch(/disk full or read-only\?\): IO error: .*File too large/);

    // Reopened without the limit: every record of the last acknowledged table is there, and no
    // record is from a half-written batch (batches are atomic).
    const store = createStore({ path }, { logger: silentLogger() });
    await store.start();
    cleanup.add(() => store.stop());
    const scores = await new ScoreRepository(store).load(1);
    expect(scores.size).toBe(64);
    const values = new Set([...scores.values()].map((r) => r.score));
    expect(values.size).toBe(1);
    expect([...values][0]).toBeGreaterThanOrEqual(written);
    // And it takes writes again once there is room.
    await new ScoreRepository(store).save(1, new Map([[0, { hotkey: "h", score: 0.5 }]]));
    expect((await new ScoreRepository(store).load(1)).get(0)).toEqual({ hotkey: "h", score: 0.5 });
  }, 90_000);

  it("a second node process on the same data directory stops with LOCKED, and the first keeps its data", async () => {
    const path = join(tempDir(cleanup), "store");
    const store = createStore({ path }, { logger: silentLogger() });
    await store.start();
    cleanup.add(() => store.stop());
    await new ScoreRepository(store).save(1, new Map([[3, { hotkey: "h", score: 0.25 }]]));
    const child = spawn(process.execPath, ["--import", "tsx", "test/reliability/fixtures/fill-store.ts", path, "1"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    cleanup.add(() => {
      if (child.exitCode === null) child.kill("SIGKILL");
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).not.toBe(0);
    expect(stderr).toContain(`store at ${path} is locked: is another node using this data directory?`);
    expect((await new ScoreRepository(store).load(1)).get(3)).toEqual({ hotkey: "h", score: 0.25 });
  }, 60_000);

  // Issue 14, case 6: damaged level tables passed as healthy and the first nonce lookup threw
  // "Corruption: ...", so every query timed out. Now the open reads every table and refuses.
  it("a store with damaged tables is refused at open with one line naming the store and the fix", async () => {
    const path = join(tempDir(cleanup), "store");
    const writer = createStore({ path }, { logger: silentLogger() });
    await writer.start();
    const nonces = new NonceRepository(writer);
    for (let i = 0; i < 2_000; i++) await nonces.advance(1, `5Hotkey${i}`, 1_000_000n + BigInt(i));
    await writer.stop();
    // Reopening moves the log into a table file; then overwrite the middle of every table file.
    const again = createStore({ path }, { logger: silentLogger() });
    await again.start();
    await again.stop();
    const tables = readdirSync(path).filter((f) => f.endsWith(".ldb") || f.endsWith(".sst"));
    expect(tables.length).toBeGreaterThan(0);
    for (const file of tables) {
      const size = statSync(join(path, file)).size;
      const fd = openSync(join(path, file), "r+");
      writeSync(fd, Buffer.alloc(Math.min(4096, Math.floor(size / 2)), 0xa5), 0, undefined, Math.floor(size / 4));
      closeSync(fd);
    }
    const damaged = createStore({ path }, { logger: silentLogger() });
    const err = await damaged.start().catch((e: unknown) => e);
    cleanup.add(() => damaged.stop());
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).type).toMatchObject({ code: "CORRUPT_STORE", path, table: "nonces" });
    expect(errorMessage(err)).toContain(path);
    expect(errorMessage(err)).toContain("move that directory aside");
    expect(errorMessage(err)).not.toContain("\n");
  }, 60_000);

  it("a dataDir under /proc fails at once with BAD_PATH instead of hanging", async () => {
    const store = createStore({ path: "/proc/meshtensor-no-such-dir/store", openTimeoutMs: 10_000 }, { logger: silentLogger() });
    const err = await store.start().catch((e: unknown) => e);
    expect((err as StoreError).type).toMatchObject({ code: "BAD_PATH", path: "/proc/meshtensor-no-such-dir/store" });
    expect(errorMessage(err)).toContain("ENOENT at /proc/meshtensor-no-such-dir");
  });
});
