import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type ChainClient, createChainClient } from "../../chain/client/index.js";
import { createDevChain } from "../../chain/devchain/index.js";
import { signerFromUri } from "../../chain/wallet/index.js";
import { silentLogger } from "../../lib/logger.js";
import { fillSubnetLimit, registerDecoySubnet, replaceSubnet } from "../../localnet/deregistration.js";

/**
 * The localnet's subnet deregistration on the real dev chain, without nodes: the dev profile's
 * small subnet limit is filled, network immunity (100 blocks) is built through quickly, and a new
 * subnet replaces the lowest-emission one, whose owner gets the lock back.
 */
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

describe("subnet replacement (localnet demo) on the dev chain", () => {
  it("replaces the empty decoy, never the subnet that has root weight, and refunds the decoy's lock", async () => {
    const chain = createDevChain({ port: 0, mode: "instant" });
    await chain.start();
    cleanups.push(() => chain.stop());
    const client: ChainClient = createChainClient({ endpoint: chain.endpoint });
    await client.connect();
    cleanups.push(() => client.close());
    const home = await mkdtemp(join(tmpdir(), "meshtensor-subnet-e2e-"));
    cleanups.push(() => rm(home, { recursive: true, force: true }));

    const faucet = await signerFromUri("//Alice");
    const bob = await signerFromUri("//Bob");
    const hotkey = await signerFromUri("//localnet-e2e-validator");
    const deps = {
      client,
      faucet,
      wallets: { root: join(home, "wallets"), password: "e2e" },
      logger: silentLogger(),
      waitBlocks: async (n: number) => {
        await chain.newBlock(n);
      },
    };

    const decoy = await registerDecoySubnet(deps);
    const { netuid: main } = await client.registerNetwork(bob);
    // Root gives all emission to `main`: a staked root member with one root weight.
    await client.transfer(faucet, hotkey.address, 10_000_000_000n);
    await client.burnedRegister(bob, main, hotkey.address);
    await client.addStake(bob, hotkey.address, 100_000_000_000n);
    await client.rootRegister(bob, hotkey.address);
    await client.setRootWeights(hotkey, [main], [65535], 0n);

    const fill = await fillSubnetLimit(deps, [decoy]);
    expect(fill.fillers[0]!.netuid).toBe(decoy.netuid);
    expect(fill.fillers.length).toBeGreaterThanOrEqual(2);
    const subnets = await client.getSubnets();
    const decoyLock = subnets.find((s) => s.netuid === decoy.netuid)!.lockedAmount;
    expect(decoyLock).toBeGreaterThan(0n);

    // Past network immunity of the oldest subnets, and through a root epoch that zeroes the fillers' emission.
    await chain.newBlock(100);
    const before = await client.getBalance(decoy.owner.address);
    const dereg = await replaceSubnet(deps, fill, Date.now() + 120_000);
    const after = await client.getBalance(decoy.owner.address);

    expect(dereg.kind).toBe("subnet");
    expect(dereg.netuid).toBe(decoy.netuid);
    expect(dereg.replaced).toContain(`netuid ${decoy.netuid} owned by ${decoy.owner.address}`);
    expect(dereg.lockRefunded).toBe(decoyLock);
    expect(after.free - before.free).toBe(decoyLock);
    const now = await client.getSubnets();
    expect(now.find((s) => s.netuid === main)?.owner).toBe(bob.address);
    expect(now.find((s) => s.netuid === decoy.netuid)?.owner).toBe(fill.replacer.address);
  }, 600_000);
});
