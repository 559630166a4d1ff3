import { createServer } from "node:net";
import { afterAll, describe, expect, it } from "vitest";
import { createDevChain, type DevChain } from "../../devchain/index.js";
import { createChainClient } from "../client.js";

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

describe("chain client reconnect", () => {
  const cleanups: Array<() => Promise<unknown>> = [];
  afterAll(async () => {
    for (const fn of cleanups.splice(0).reverse()) await fn();
  });

  it("reconnects with backoff after the chain goes away and comes back on the same port", async () => {
    const port = await freePort();
    let chain: DevChain = createDevChain({ port, mode: "manual" });
    await chain.start();
    cleanups.push(() => chain.stop());
    const client = createChainClient({ endpoint: chain.endpoint, initialBackoffMs: 50, maxBackoffMs: 400 });
    cleanups.push(() => client.close());
    await client.connect();
    await chain.newBlock(2);
    expect(await client.getBlockNumber()).toBe(chain.bestBlock());

    await chain.stop();
    chain = createDevChain({ port, mode: "manual" });
    await chain.start();
    await chain.newBlock();
    // Reads fail while the socket is down, then succeed once the client is back (bounded wait).
    const deadline = Date.now() + 15_000;
    let got: number | null = null;
    while (got === null && Date.now() < deadline) {
      got = await client.getBlockNumber().catch(() => null);
      if (got === null) await new Promise((r) => setTimeout(r, 100));
    }
    expect(got).toBe(chain.bestBlock());
  });
});
