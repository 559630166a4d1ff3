import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type KeyringSigner, signerFromUri } from "../../chain/wallet/signer.js";
import { silentLogger } from "../../lib/logger.js";
import { createValidator } from "../../node/validator/index.js";
import { createUptimeTracker } from "../../subnets/availability/index.js";
import type { SubnetDefinition } from "../../subnets/sdk/interface.js";
import { echoSumSubnet } from "./fixtures/echo-sum.js";
import { FakeChain } from "./fixtures/fake-chain.js";
import { Cleanup, startNetwork, startStore, startTestMiner } from "./harness.js";

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

describe("availability in the validator loop", () => {
  it("multiplies each miner's reward by its measured uptime (every query is a probe)", async () => {
    const honest = echoSumSubnet("honest") as SubnetDefinition<unknown, unknown>;
    const chain = new FakeChain(1);
    chain.register({ hotkey: alice.address, stake: 10n ** 12n, validatorPermit: true });
    chain.register({ hotkey: bob.address });
    chain.register({ hotkey: charlie.address });
    const network = await startNetwork(cleanup);
    await chain.serveAxon(alice, 1, { peerId: network.peerId, multiaddrs: network.getMultiaddrs(), version: 1, protocol: 0 });
    await startTestMiner(cleanup, { chain: chain.asClient(), signer: bob, subnet: honest, netuid: 1 });
    let now = 0;
    const uptime = createUptimeTracker({ windowMs: 10_000, probeIntervalMs: 1_000 }, { now: () => now });
    const validator = createValidator(
      { netuid: 1, alpha: 1, stepIntervalMs: 0, sampleSize: 0, maxInFlight: 16, queryTimeoutMs: 2_000 },
      {
        chain: chain.asClient(),
        network,
        signer: alice,
        store: await startStore(cleanup),
        subnet: honest,
        commitHash: () => new Uint8Array(32),
        uptime,
        metrics: null,
        logger: silentLogger(),
      },
    );
    await validator.start();
    cleanup.add(() => validator.stop());

    // Slots 0-2: Bob answers, Charlie has no node yet (never reachable).
    for (const slot of [0, 1, 2]) {
      now = slot * 1_000;
      const report = await validator.step();
      expect(report?.queried).toBe(1);
    }
    // Slot 3: Charlie comes online and answers correctly.
    await startTestMiner(cleanup, { chain: chain.asClient(), signer: charlie, subnet: honest, netuid: 1 });
    now = 3_000;
    const report = await validator.step();
    expect(report?.answered).toBe(2);
    expect(report?.rewards.get(1)).toBe(1);
    // Up in 1 of the 4 slots it has been measured over.
    expect(report?.rewards.get(2)).toBeCloseTo(0.25);
  });
});
