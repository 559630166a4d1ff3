import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type KeyringSigner, signerFromUri } from "../../chain/wallet/signer.js";
import type { SubnetDefinition } from "../../subnets/sdk/interface.js";
import { echoRegistry, startApp } from "./apps.js";
import { FakeChain } from "./fixtures/fake-chain.js";
import { Cleanup, startTestDendrite, tempDir } from "./harness.js";

const TOKEN = 1_000_000_000n;
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

let alice: KeyringSigner;
let bob: KeyringSigner;
beforeAll(async () => {
  alice = await signerFromUri("//Alice");
  bob = await signerFromUri("//Bob");
});

async function setup(graceMs: number) {
  const chain = new FakeChain(1);
  chain.register({ hotkey: alice.address, stake: 1000n * TOKEN, validatorPermit: true });
  chain.register({ hotkey: bob.address });
  const dir = tempDir(cleanup);
  const { dendrite } = await startTestDendrite(cleanup, {
    chain: chain.asClient(),
    signer: alice,
    subnet: echoRegistry["echo-delayed"] as SubnetDefinition<unknown, unknown>,
    netuid: 1,
  });
  const miner = await startApp(cleanup, {
    role: "miner",
    chain,
    signer: bob,
    dataDir: dir,
    subnet: "echo-delayed",
    extra: { miner: { shutdownGraceMs: graceMs } },
  });
  const target = {
    uid: 1,
    hotkey: bob.address,
    peer: { peerId: miner.network.peerId, multiaddrs: miner.network.getMultiaddrs() },
  };
  return { chain, dir, dendrite, miner, target };
}

/** Waits (bounded) until the miner is handling a query, so the stop really lands mid-query. */
async function untilHandling(miner: { health(): Record<string, unknown> }): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (miner.health().inFlight === 0) {
    if (Date.now() > deadline) throw new Error("the query never reached the miner");
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("graceful shutdown", () => {
  it("finishes in-flight queries within the grace period, refuses new ones, then releases the store", async () => {
    const { chain, dir, dendrite, miner, target } = await setup(3_000);
    const inFlight = dendrite.query([{ target, request: { numbers: [20, 22] } }], 5_000);
    await untilHandling(miner);
    const stopping = miner.stop();
    const late = dendrite.query([{ target, request: { numbers: [1] } }], 5_000);
    const [answer] = await inFlight;
    expect(answer, JSON.stringify(answer)).toMatchObject({ ok: true, response: { sum: 42 } });
    const [refused] = await late;
    expect(refused?.ok).toBe(false);
    await stopping;
    expect(miner.health().ok).toBe(false);
    // The level store was closed: another node can open the same data directory.
    const again = await startApp(cleanup, { role: "miner", chain, signer: bob, dataDir: dir, subnet: "echo-delayed" });
    expect(again.health().ok).toBe(true);
  });

  it("cancels handlers that outlive the grace period instead of hanging", async () => {
    const { dendrite, miner, target } = await setup(100);
    const inFlight = dendrite.query([{ target, request: { numbers: [1] } }], 5_000);
    await untilHandling(miner);
    const started = Date.now();
    await miner.stop();
    expect(Date.now() - started).toBeLessThan(2_000);
    const [outcome] = await inFlight;
    expect(outcome?.ok).toBe(false);
  });
});
