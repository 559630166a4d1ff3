import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChainClient, type PolkadotChainClient } from "../../chain/client/index.js";
import { included } from "../../chain/client/test/helpers.js";
import { createNodeChain, type NodeChain, parseDevChainOptions } from "../../chain/devchain/index.js";
import { type KeyringSigner, signerFromUri } from "../../chain/wallet/index.js";

const TOKEN = 1_000_000_000n;
// Enough blocks that a restart has a real database to open (the benchmark goes to 5,000).
const BLOCKS = 1_000;

describe("meshtensor-node killed with -9 restarts with its state", () => {
  let dir: string;
  let chain: NodeChain;
  let client: PolkadotChainClient | null = null;
  let alice: KeyringSigner;
  let bob: KeyringSigner;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "meshtensor-node-restart-"));
    chain = createNodeChain(parseDevChainOptions({ engine: "node", port: 0, mode: "manual", dbPath: dir }));
    await chain.start();
    alice = await signerFromUri("//Alice");
    bob = await signerFromUri("//Bob");
  });
  afterAll(async () => {
    await client?.close();
    await chain?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("keeps balances, subnets and the best block across kill -9", async () => {
    client = createChainClient({ endpoint: chain.endpoint });
    await client.connect();
    const { netuid } = await included(chain, (o) => client!.registerNetwork(alice, o));
    const bobBefore = (await client.getBalance(bob.address)).free;
    await included(chain, (o) => client!.transfer(alice, bob.address, 7n * TOKEN, o));
    await chain.newBlock(BLOCKS);
    const best = chain.bestBlock();
    expect(best).toBeGreaterThanOrEqual(BLOCKS);
    await client.close();
    client = null;

    const node = chain.nodes[0]!;
    node.process.kill("SIGKILL");
    await node.process.waitExit();
    expect(node.process.exited?.signal).toBe("SIGKILL");
    const restartedAt = Date.now();
    await node.restart();
    console.log(`restart after kill -9 at block ${best}: RPC answered after ${Date.now() - restartedAt} ms`);

    client = createChainClient({ endpoint: chain.endpoint });
    await client.connect();
    expect(await client.getBlockNumber()).toBe(best);
    expect((await client.getBalance(bob.address)).free).toBe(bobBefore + 7n * TOKEN);
    expect((await client.getSubnets()).some((s) => s.netuid === netuid)).toBe(true);
    // And it goes on: a new transaction is signed (nonce from the node) and included.
    await included(chain, (o) => client!.transfer(alice, bob.address, TOKEN, o));
    expect((await client.getBalance(bob.address)).free).toBe(bobBefore + 8n * TOKEN);
    expect(await client.getBlockNumber()).toBe(best + 1);
  });
});
