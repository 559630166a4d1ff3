import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createChainClient } from "../../chain/client/index.js";
import { signerFromUri } from "../../chain/wallet/signer.js";
import { silentLogger } from "../../lib/logger.js";
import { createMetagraphSync } from "../../node/metagraph/index.js";
import { Cleanup, tempDir } from "../node/harness.js";

// kill -9 of the dev chain process (the CLI's `meshtensor devchain`, persisting to SQLite) under
// a connected chain client and the node's metagraph sync: while it is down reads fail with an
// error and the sync keeps the last metagraph; once it is back on the same port the client
// reconnects by itself, the chain resumes from its file (a transfer made before the kill is
// still there) and takes new transactions.
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startChain(port: number, db: string): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ["bin/meshtensor.js", "devchain", "--port", String(port), "--mode", "interval", "--block-time", "300", "--db", db, "--json"],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  cleanup.add(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev chain did not start within 60 s: ${stderr}`)), 60_000);
    child.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("endpoint")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`dev chain exited with ${code}: ${stderr}`));
    });
  });
  return child;
}

async function until<T>(what: string, read: () => Promise<T | null>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await read().catch(() => null);
    if (value !== null) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${what}: not within ${ms} ms`);
}

describe("kill -9 of the dev chain", () => {
  it("the client reconnects with backoff, the metagraph sync keeps its last view meanwhile, and the chain resumes", async () => {
    const port = await freePort();
    const db = join(tempDir(cleanup, "mesh-chain-kill-"), "chain.sqlite");
    let chain = await startChain(port, db);
    const client = createChainClient({ endpoint: `ws://127.0.0.1:${port}`, initialBackoffMs: 50, maxBackoffMs: 400 });
    await client.connect();
    cleanup.add(() => client.close());
    const sync = createMetagraphSync({ netuid: 0, intervalMs: 60_000 }, { chain: client, logger: silentLogger() });
    await sync.start();
    cleanup.add(() => sync.stop());
    const before = sync.current();
    expect(before?.netuid).toBe(0);
    // A transfer included some blocks before the kill: state the restarted chain must still have.
    const alice = await signerFromUri("//Alice");
    const dest = (await signerFromUri(`//Kill${port}`)).address;
    const sent = await client.transfer(alice, dest, 7_000_000_000n);
    await until("5 blocks on top", async () => ((await client.getBlockNumber()) >= sent.blockNumber + 5 ? true : null));
    const atKill = await client.getBlockNumber();

    const exited = new Promise((resolve) => chain.once("exit", resolve));
    chain.kill("SIGKILL");
    await exited;
    // Down: a read fails with an error (no hang past its timeout, no crash); the sync keeps the last view.
    const down = await client.getBlockNumber().then(
      () => null,
      (err: unknown) => err,
    );
    expect(down).toBeInstanceOf(Error);
    expect(await sync.refresh()).toBe(before);

    chain = await startChain(port, db);
    const after = await until("the client back", () => client.getBlockNumber());
    if (process.env.RELIABILITY_REPORT)
      console.log(JSON.stringify({ transferBlock: sent.blockNumber, atKill, afterRestart: after }));
    // Resumed from the SQLite file, not from genesis: the transfer is still there.
    expect((await client.getBalance(dest)).free).toBe(7_000_000_000n);
    const fresh = await until("a fresh metagraph", async () => {
      const graph = await sync.refresh();
      return graph !== before ? graph : null;
    });
    expect(fresh?.block).toBeGreaterThanOrEqual(after);
    // And it carries on: new blocks and new transactions.
    const next = await client.transfer(alice, dest, 1_000_000_000n);
    expect(next.blockNumber).toBeGreaterThan(sent.blockNumber);
    expect((await client.getBalance(dest)).free).toBe(8_000_000_000n);
  }, 180_000);
});
