import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChainClient } from "../../chain/client/index.js";
import { createNodeChain, type NodeChain, parseDevChainOptions } from "../../chain/devchain/index.js";
import { signerFromUri } from "../../chain/wallet/index.js";
import { createNamespaces, type Namespaces } from "./netns.js";
import { finalizedOn, waitForFinality } from "./network-helpers.js";

// Three authorities, each in its own network namespace with its own address (three hosts as far
// as the nodes can tell), joined through a bridge.
describe("meshtensor-node authorities on three hosts (network namespaces)", () => {
  let namespaces: Namespaces;
  let chain: NodeChain;

  beforeAll(async () => {
    namespaces = createNamespaces(3);
    chain = createNodeChain(parseDevChainOptions({ engine: "node", authorities: 3, port: 0 }), {
      placements: namespaces.hosts,
    });
    await chain.start();
  });
  afterAll(async () => {
    await chain?.stop();
    namespaces?.remove();
  });

  it("each authority listens on its own host's address and they finalize together", async () => {
    expect(chain.nodes.map((n) => n.address)).toEqual(namespaces.hosts.map((h) => h.address));
    await waitForFinality(chain.nodes, 2);
  });

  it("includes a transfer submitted to one host and finalizes it on all", async () => {
    const client = createChainClient({ endpoint: chain.nodes[2]!.endpoint });
    await client.connect();
    try {
      const alice = await signerFromUri("//Alice");
      const ferdie = await signerFromUri("//Ferdie");
      const before = (await client.getBalance(ferdie.address)).free;
      await client.transfer(alice, ferdie.address, 5_000_000_000n);
      expect((await client.getBalance(ferdie.address)).free).toBe(before + 5_000_000_000n);
      const included = await client.getBlockNumber();
      await waitForFinality(chain.nodes, included);
    } finally {
      await client.close();
    }
  });

  it("survives an authority killed with -9 on its host: it restarts, catches up, finality resumes", async () => {
    const charlie = chain.nodes[2]!;
    charlie.process.kill("SIGKILL");
    await charlie.process.waitExit();
    const whileDown = await chain.newBlock(2);
    await charlie.restart();
    const finalized = await waitForFinality(chain.nodes, whileDown + 1);
    expect(finalized).toBeGreaterThan(whileDown);
    expect(await finalizedOn(charlie)).toBeGreaterThan(whileDown);
  });
});
