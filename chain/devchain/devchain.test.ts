import { mkdtemp, rm } from "node:fs/promises";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { errorMessage, hasErrorCode } from "../../lib/errors.js";
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
});
