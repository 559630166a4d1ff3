import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type KeyringSigner, signerFromUri } from "../../chain/wallet/signer.js";
import type { SubnetDefinition } from "../../subnets/sdk/interface.js";
import { echoSumSubnet } from "../node/fixtures/echo-sum.js";
import { FakeChain } from "../node/fixtures/fake-chain.js";
import { Cleanup, startTestDendrite, startTestMiner, targetOf } from "../node/harness.js";
import { createHostilePeer, type HostilePeer } from "./fixtures/hostile-peer.js";

// Issue 14, case 1: a peer floods a miner's kad-dht with ADD_PROVIDER messages (random keys,
// 20 bogus addresses each). Before: 3,000 of them froze the miner for ~4.5 min and left 1,158
// addresses for the attacker in its peer store. Now the DHT serves metagraph peers only, only
// FIND_NODE/PING, at a per-peer rate; the peer store keeps at most 16 addresses per peer.
// Real libp2p on 127.0.0.1; every loop bounded in count.
const NETUID = 1;
const cleanup = new Cleanup();
afterEach(() => cleanup.run());
let alice: KeyringSigner;
let bob: KeyringSigner;
let charlie: KeyringSigner;
beforeAll(async () => {
  alice = await signerFromUri("//Alice");
  bob = await signerFromUri("//Bob");
  charlie = await signerFromUri("//Charlie");
});
const honest = echoSumSubnet("honest") as SubnetDefinition<unknown, unknown>;

async function setup() {
  const chain = new FakeChain(NETUID);
  chain.register({ hotkey: alice.address, stake: 1000n, validatorPermit: true });
  const minerUid = chain.register({ hotkey: bob.address });
  chain.register({ hotkey: charlie.address });
  const miner = await startTestMiner(cleanup, {
    chain: chain.asClient(),
    signer: bob,
    subnet: honest,
    netuid: NETUID,
    network: { dht: true },
  });
  const validator = await startTestDendrite(cleanup, { chain: chain.asClient(), signer: alice, subnet: honest, netuid: NETUID });
  const hostile: HostilePeer = await createHostilePeer();
  cleanup.add(() => hostile.stop());
  return { chain, miner, validator, hostile, target: targetOf(miner, minerUid, bob.address) };
}

/** Honest queries in a loop until `stop()`: at most 2,000 rounds of 2. */
function honestLoop(
  validator: Awaited<ReturnType<typeof setup>>["validator"],
  target: Awaited<ReturnType<typeof setup>>["target"],
) {
  const outcomes: boolean[] = [];
  let stopped = false;
  const done = (async () => {
    for (let round = 0; round < 2_000 && !stopped; round++) {
      const answers = await validator.dendrite.query(
        [0, 1].map((k) => ({ target, request: { numbers: [round, k] } })),
        10_000,
      );
      for (const [k, a] of answers.entries()) outcomes.push(a.ok && (a.response as { sum: number }).sum === round + k);
    }
  })();
  return {
    outcomes,
    async stop() {
      stopped = true;
      await done;
    },
  };
}

describe("a miner's DHT under a flood", () => {
  it("refuses a stranger's ADD_PROVIDER flood without storing its addresses, and keeps answering the validator", async () => {
    const { miner, validator, hostile, target } = await setup();
    await miner.metagraph.refresh();
    const honestQueries = honestLoop(validator, target);
    const flood = await hostile.dhtFlood(target.peer, {
      type: "ADD_PROVIDER",
      messages: 3_000,
      perStream: 100,
      addrsPerMessage: 20,
    });
    // One more honest round after the flood, then stop the loop.
    const [after] = await validator.dendrite.query([{ target, request: { numbers: [40, 2] } }], 10_000);
    await honestQueries.stop();
    const stats = miner.network.stats();
    const kept = await miner.network.peerAddresses(hostile.peerId);
    if (process.env.RELIABILITY_REPORT)
      console.log(
        JSON.stringify({ case: "dht stranger flood", flood, kept: kept.length, honest: honestQueries.outcomes.length, stats }),
      );
    expect(after).toMatchObject({ ok: true, response: { sum: 42 } });
    expect(honestQueries.outcomes.length).toBeGreaterThan(0);
    expect(honestQueries.outcomes.filter((ok) => !ok)).toEqual([]);
    // Refused at its first message on each stream: no bogus address was kept.
    expect(kept.filter((a) => a.startsWith("/ip4/10."))).toEqual([]);
    expect(kept.length).toBeLessThanOrEqual(16);
    expect(stats.dhtRefusedStranger).toBeGreaterThan(0);
  }, 120_000);

  it("limits a metagraph peer to peer routing at a bounded rate, and to 16 addresses", async () => {
    const { chain, miner, validator, hostile, target } = await setup();
    // Charlie's hotkey serves the hostile peer's id: it is a metagraph peer, not a stranger.
    await chain.serveAxon(charlie, NETUID, { peerId: hostile.peerId, multiaddrs: [], version: 1, protocol: 0 });
    await miner.metagraph.refresh();
    const honestQueries = honestLoop(validator, target);
    const providers = await hostile.dhtFlood(target.peer, {
      type: "ADD_PROVIDER",
      messages: 500,
      perStream: 50,
      addrsPerMessage: 20,
    });
    const lookups = await hostile.dhtFlood(target.peer, {
      type: "FIND_NODE",
      messages: 3_000,
      perStream: 300,
      addrsPerMessage: 0,
    });
    const [after] = await validator.dendrite.query([{ target, request: { numbers: [40, 2] } }], 10_000);
    await honestQueries.stop();
    const stats = miner.network.stats();
    const kept = await miner.network.peerAddresses(hostile.peerId);
    if (process.env.RELIABILITY_REPORT)
      console.log(
        JSON.stringify({
          case: "dht member flood",
          providers,
          lookups,
          kept: kept.length,
          honest: honestQueries.outcomes.length,
          stats,
        }),
      );
    expect(after).toMatchObject({ ok: true, response: { sum: 42 } });
    expect(honestQueries.outcomes.filter((ok) => !ok)).toEqual([]);
    // ADD_PROVIDER is not served at all (meshtensor uses the DHT for peer routing only).
    expect(stats.dhtRefusedType).toBeGreaterThan(0);
    expect(kept.filter((a) => a.startsWith("/ip4/10."))).toEqual([]);
    // 3,000 lookups on 10 streams: the rate limit cut them short.
    expect(stats.dhtRateLimited).toBeGreaterThan(0);
    expect(kept.length).toBeLessThanOrEqual(16);
  }, 120_000);
});
