import { mkdtemp, rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { errorMessage, hasErrorCode } from "../../lib/errors.js";
import { createChainClient } from "../client/client.js";
import { signerFromUri } from "../wallet/index.js";
import { createDevChain, type DevChain } from "./index.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const fn of cleanups.splice(0).reverse()) await fn();
});

async function rpc(endpoint: string, method: string, params: unknown[] = []): Promise<unknown> {
  const res = await fetch(endpoint.replace("ws://", "http://"), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
  });
  return ((await res.json()) as { result: unknown }).result;
}

async function start(options: Parameters<typeof createDevChain>[0]): Promise<DevChain> {
  const chain = createDevChain(options);
  cleanups.push(() => chain.stop());
  await chain.start();
  return chain;
}

describe("dev chain options and failures", () => {
  it("names a bad option", () => {
    expect(() => createDevChain({ mode: "turbo" as never })).toThrow(/devchain option mode/);
    expect(() => createDevChain({ port: 70000 })).toThrow(/devchain option port/);
    expect(() => createDevChain({ bogus: 1 } as never)).toThrow(/bogus/);
  });

  it("reports a missing chain spec with its path", async () => {
    const err = await createDevChain({ chainSpec: "/nonexistent/spec.json", port: 0 })
      .start()
      .catch((e: unknown) => e);
    expect(hasErrorCode(err, "CHAIN_SPEC_MISSING")).toBe(true);
    expect(errorMessage(err)).toContain("/nonexistent/spec.json");
  });

  it("refuses a port already in use with a clear message (chopsticks would silently move on)", async () => {
    const server: Server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    cleanups.push(() => new Promise((r) => server.close(r)));
    const port = (server.address() as { port: number }).port;
    // Any existing file passes the spec check; the port check comes before chopsticks loads it.
    const err = await createDevChain({ chainSpec: join(import.meta.dirname, "options.ts"), port })
      .start()
      .catch((e: unknown) => e);
    expect(hasErrorCode(err, "PORT_IN_USE")).toBe(true);
    expect(errorMessage(err)).toBe(
      `port ${port} on 127.0.0.1 is already in use (is another dev chain running? pick another with --port)`,
    );
  });

  it("says it is not running before start", () => {
    expect(() => createDevChain({ port: 0 }).endpoint).toThrow(/not running/);
  });
});

describe("dev chain from chain/artifacts", () => {
  it("manual mode builds blocks only on newBlock(), served on 127.0.0.1", async () => {
    const chain = await start({ port: 0, mode: "manual" });
    expect(chain.endpoint).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const h0 = chain.bestBlock();
    await new Promise((r) => setTimeout(r, 300));
    expect(chain.bestBlock()).toBe(h0);
    expect(await chain.newBlock(3)).toBe(h0 + 3);
    const header = (await rpc(chain.endpoint, "chain_getHeader")) as { number: string };
    expect(Number(header.number)).toBe(h0 + 3);
  });

  it("interval mode produces blocks on its own", async () => {
    const chain = await start({ port: 0, mode: "interval", blockTimeMs: 100 });
    const h0 = chain.bestBlock();
    const deadline = Date.now() + 10_000;
    while (chain.bestBlock() < h0 + 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(chain.bestBlock()).toBeGreaterThanOrEqual(h0 + 2);
  });

  it("persists to a file: a restarted chain resumes from its best block", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mt-devchain-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const dbPath = join(dir, "chain.sqlite");
    const first = createDevChain({ port: 0, mode: "manual", dbPath });
    await first.start();
    const reached = await first.newBlock(4);
    await first.stop();
    const second = await start({ port: 0, mode: "manual", dbPath });
    expect(second.bestBlock()).toBe(reached);
    expect(await second.newBlock()).toBe(reached + 1);
  });

  it("blocks with transactions do not store the runtime code again: the file grows by kilobytes, and resumes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "mt-devchain-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const dbPath = join(dir, "chain.sqlite");
    const first = createDevChain({ port: 0, mode: "manual", dbPath });
    await first.start();
    await first.stop();
    const before = (await stat(dbPath)).size;

    const busy = createDevChain({ port: 0, mode: "instant", dbPath });
    await busy.start();
    const client = createChainClient({ endpoint: busy.endpoint });
    await client.connect();
    const [alice, bob] = await Promise.all([signerFromUri("//Alice"), signerFromUri("//Bob")]);
    const bobBefore = (await client.getBalance(bob.address)).free;
    for (let i = 0; i < 4; i++) await client.transfer(alice, bob.address, 10n ** 9n);
    await client.close();
    const best = busy.bestBlock();
    await busy.stop();
    // Each of these blocks stored the runtime's 963 KB hex again before: 4 blocks, about 3.9 MB.
    expect((await stat(dbPath)).size - before).toBeLessThan(400_000);

    const resumed = await start({ port: 0, mode: "manual", dbPath });
    expect(resumed.bestBlock()).toBe(best);
    const reader = createChainClient({ endpoint: resumed.endpoint });
    cleanups.push(() => reader.close());
    await reader.connect();
    expect((await reader.getBalance(bob.address)).free).toBe(bobBefore + 4n * 10n ** 9n);
    expect(await resumed.newBlock()).toBe(best + 1);
  }, 120_000);
});
