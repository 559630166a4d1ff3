import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createNodeChain, type NodeChain, parseDevChainOptions } from "../../chain/devchain/index.js";
import { waitForFinality } from "./network-helpers.js";

// Three Aura + GRANDPA authorities on 127.0.0.1 (6 s slots). GRANDPA finalizes with more than
// two thirds of the voters: with three, all three must vote, so a dead authority stops finality
// (not block production) until it is back and has caught up.
describe("a network of three meshtensor-node authorities", () => {
  let chain: NodeChain;

  beforeAll(async () => {
    chain = createNodeChain(parseDevChainOptions({ engine: "node", authorities: 3, port: 0 }));
    await chain.start();
  });
  afterAll(async () => {
    await chain?.stop();
  });

  it("produces blocks on every node and finalizes them", async () => {
    expect(chain.nodes.map((n) => n.name)).toEqual(["alice", "bob", "charlie"]);
    const finalized = await waitForFinality(chain.nodes, 2);
    expect(finalized).toBeGreaterThanOrEqual(2);
  });

  it("recovers from an authority killed with -9: it catches up and finality resumes", async () => {
    const bob = chain.nodes[1]!;
    bob.process.kill("SIGKILL");
    await bob.process.waitExit();
    // The other two go on making blocks while bob is down.
    const before = await chain.newBlock(2);
    await bob.restart();
    const finalizedBefore = await chain.finalizedBlock();
    // Finality passes the blocks made while bob was dead, on every node, bob included.
    const finalized = await waitForFinality(chain.nodes, Math.max(before, finalizedBefore) + 1);
    expect(finalized).toBeGreaterThan(before);
  });
});
