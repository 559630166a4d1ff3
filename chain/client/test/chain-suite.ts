import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevChain, type DevChain, type DevChainOptions } from "../../devchain/index.js";
import { type KeyringSigner, signerFromUri } from "../../wallet/index.js";
import { createChainClient, type PolkadotChainClient } from "../client.js";
import { weightsCommitHash } from "../commit.js";
import { blocksUntilEpoch, included, includedAll } from "./helpers.js";

const TOKEN = 1_000_000_000n;

/**
 * What the chain client relies on, against a chain built from `options`: the embedded chain in
 * chain.e2e.test.ts, meshtensor-node in test/chain-node (the same assertions on both engines).
 */
export function chainClientSuite(title: string, options: DevChainOptions): void {
  describe(title, () => {
    let devchain: DevChain;
    let client: PolkadotChainClient;
    let alice: KeyringSigner; // subnet owner (and sudo)
    let bob: KeyringSigner; // validator's coldkey
    let charlie: KeyringSigner; // miners' coldkey
    let dave: KeyringSigner; // validator hotkey
    let eve: KeyringSigner; // miner hotkey
    let ferdie: KeyringSigner; // miner hotkey
    let netuid = -1;

    beforeAll(async () => {
      devchain = createDevChain(options);
      await devchain.start();
      client = createChainClient({ endpoint: devchain.endpoint });
      await client.connect();
      alice = await signerFromUri("//Alice");
      bob = await signerFromUri("//Bob");
      charlie = await signerFromUri("//Charlie");
      dave = await signerFromUri("//Dave");
      eve = await signerFromUri("//Eve");
      ferdie = await signerFromUri("//Ferdie");
    });
    afterAll(async () => {
      // LIFO: the client before the chain it talks to.
      await client?.close();
      await devchain?.stop();
    });

    const dispatchError = (name: string) => ({ type: { code: "DISPATCH", pallet: "Subnets", name } });

    it("creates a subnet, locking (not burning) the lock cost", async () => {
      const lock = await client.getNetworkLockCost();
      const before = await client.getBalance(alice.address);
      const r = await included(devchain, (o) => client.registerNetwork(alice, o));
      netuid = r.netuid;
      expect(r.events.some((e) => e.section === "Subnets" && e.method === "NetworkAdded")).toBe(true);
      const after = await client.getBalance(alice.address);
      expect(after.reserved - before.reserved).toBe(lock);
      const subnet = (await client.getSubnets()).find((s) => s.netuid === netuid);
      expect(subnet).toMatchObject({ owner: alice.address, n: 0, lockedAmount: lock });
      // Owner settings used below: a short tempo so the test reaches epochs quickly.
      await included(devchain, (o) => client.setHyperparameter(alice, netuid, "tempo", 9, o));
      await included(devchain, (o) => client.setHyperparameter(alice, netuid, "weightsRateLimit", 3n, o));
      await included(devchain, (o) => client.setHyperparameter(alice, netuid, "maxRegistrationsPerBlock", 8, o));
      await included(devchain, (o) => client.setHyperparameter(alice, netuid, "targetRegistrationsPerInterval", 8, o));
      expect(await client.getHyperparameters(netuid)).toMatchObject({
        tempo: 9,
        weightsRateLimit: 3n,
        maxRegistrationsPerBlock: 8,
      });
      await expect(included(devchain, (o) => client.setHyperparameter(bob, netuid, "tempo", 5, o))).rejects.toMatchObject(
        dispatchError("NotSubnetOwner"),
      );
    });

    it("registers neurons by burning the registration cost; a second registration of a hotkey is a typed error", async () => {
      const cost = await client.getRegistrationCost(netuid);
      expect(cost).not.toBeNull();
      const issuance = await client.getTotalIssuance();
      // Two from the same coldkey in one block: the nonce queue must give them consecutive nonces.
      const [r0, r1, r2] = await includedAll(devchain, [
        (o) => client.burnedRegister(bob, netuid, dave.address, o),
        (o) => client.burnedRegister(charlie, netuid, eve.address, o),
        (o) => client.burnedRegister(charlie, netuid, ferdie.address, o),
      ]);
      expect([r0?.uid, r1?.uid, r2?.uid].sort()).toEqual([0, 1, 2]);
      // Burned (minus fees, which this runtime also takes out of issuance).
      expect(issuance - (await client.getTotalIssuance())).toBeGreaterThanOrEqual(3n * (cost as bigint));
      const mg = await client.getMetagraph(netuid);
      expect(mg?.neurons.map((n) => n.hotkey).sort()).toEqual([dave.address, eve.address, ferdie.address].sort());
      expect(mg?.neurons.find((n) => n.hotkey === dave.address)?.coldkey).toBe(bob.address);
      await expect(included(devchain, (o) => client.burnedRegister(bob, netuid, dave.address, o))).rejects.toMatchObject(
        dispatchError("HotKeyAlreadyRegisteredInSubNet"),
      );
    });

    it("serves an endpoint that the metagraph returns", async () => {
      const endpoint = {
        peerId: "12D3KooWGzbQ5fWJd4R4wxE9ZkY4mrsdc8PA1fR4J1Q1nZzVbL6H",
        multiaddrs: ["/ip4/127.0.0.1/tcp/4001"],
        version: 3,
        protocol: 0,
      };
      await included(devchain, (o) => client.serveAxon(eve, netuid, endpoint, o));
      const mg = await client.getMetagraph(netuid);
      const n = mg?.neurons.find((x) => x.hotkey === eve.address);
      expect(n?.endpoint).toMatchObject(endpoint);
      expect(n?.endpoint?.block).toBe(mg?.block);
      await expect(included(devchain, (o) => client.serveAxon(alice, netuid, endpoint, o))).rejects.toMatchObject(
        dispatchError("NotRegistered"),
      );
    });

    it("stakes on the validator's hotkey", async () => {
      await included(devchain, (o) => client.addStake(bob, dave.address, 1000n * TOKEN, o));
      expect(await client.getStakeInfo(bob.address)).toEqual([
        { hotkey: dave.address, coldkey: bob.address, stake: 1000n * TOKEN },
      ]);
      const mg = await client.getMetagraph(netuid);
      expect(mg?.neurons.find((n) => n.hotkey === dave.address)?.stake).toBe(1000n * TOKEN);
      await expect(included(devchain, (o) => client.removeStake(bob, dave.address, 5000n * TOKEN, o))).rejects.toMatchObject(
        dispatchError("NotEnoughStakeToWithdraw"),
      );
    });

    it("refuses weights before a permit, then accepts them after an epoch; too fast is SettingWeightsTooFast", async () => {
      const mg0 = await client.getMetagraph(netuid);
      const uid = (hk: string) => mg0?.neurons.find((n) => n.hotkey === hk)?.uid as number;
      const [vd, m1, m2] = [uid(dave.address), uid(eve.address), uid(ferdie.address)];
      await expect(
        included(devchain, (o) => client.setWeights(dave, netuid, [m1, m2], [65535, 32768], 0n, o)),
      ).rejects.toMatchObject(dispatchError("NoValidatorPermit"));
      await expect(included(devchain, (o) => client.setWeights(alice, netuid, [m1], [65535], 0n, o))).rejects.toMatchObject(
        dispatchError("NotRegistered"),
      );
      await devchain.newBlock(blocksUntilEpoch(devchain.bestBlock(), netuid, 9));
      const mg1 = await client.getMetagraph(netuid);
      expect(mg1?.neurons[vd]?.validatorPermit).toBe(true);
      await included(devchain, (o) => client.setWeights(dave, netuid, [m1, m2], [65535, 32768], 0n, o));
      await expect(
        included(devchain, (o) => client.setWeights(dave, netuid, [m1, m2], [65535, 32768], 0n, o)),
      ).rejects.toMatchObject(dispatchError("SettingWeightsTooFast"));
      await expect(included(devchain, (o) => client.setWeights(dave, netuid, [m1, m1], [1, 1], 0n, o))).rejects.toMatchObject({
        type: { code: "DISPATCH" },
      });
      const mg2 = await client.getMetagraph(netuid, { includeWeights: true });
      expect(mg2?.weights?.[vd]).toEqual([
        [m1, 65535],
        [m2, 32768],
      ]);
    });

    it("pays the epoch 18% to the owner, 41% to validators, 41% to miners; issuance grows by exactly what was paid", async () => {
      const mg0 = await client.getMetagraph(netuid);
      const uid = (hk: string) => mg0?.neurons.find((n) => n.hotkey === hk)?.uid as number;
      // Stop one block before the epoch, then build the epoch block alone (no extrinsics, no fees).
      const steps = blocksUntilEpoch(devchain.bestBlock(), netuid, 9);
      if (steps > 1) await devchain.newBlock(steps - 1);
      const ownerBefore = (await client.getBalance(alice.address)).free;
      const issuanceBefore = await client.getTotalIssuance();
      const stakeBefore = (await client.getMetagraph(netuid))?.neurons[uid(dave.address)]?.stake as bigint;
      await devchain.newBlock();
      const mg = await client.getMetagraph(netuid);
      if (!mg) throw new Error("subnet vanished");
      const ownerCut = (await client.getBalance(alice.address)).free - ownerBefore;
      const validators = mg.neurons[uid(dave.address)]?.emission as bigint;
      const miners = (mg.neurons[uid(eve.address)]?.emission as bigint) + (mg.neurons[uid(ferdie.address)]?.emission as bigint);
      const total = ownerCut + validators + miners;
      expect(total).toBeGreaterThan(0n);
      // Owner: floor(total * 11796 / 65535), up to one unit of rounding per split.
      expect(ownerCut * 65535n - total * 11796n).toBeLessThanOrEqual(65535n * 2n);
      expect(total * 11796n - ownerCut * 65535n).toBeLessThanOrEqual(65535n * 2n);
      // Miners and validators each half of the rest, up to n units of rounding.
      const diff = miners > validators ? miners - validators : validators - miners;
      expect(diff).toBeLessThanOrEqual(BigInt(mg.neurons.length) + 1n);
      expect((await client.getTotalIssuance()) - issuanceBefore).toBe(total);
      // What the validator earned is staked to its hotkey.
      expect(mg.neurons[uid(dave.address)]?.stake).toBe(stakeBefore + validators);
      expect(mg.neurons[uid(eve.address)]?.incentive).toBeGreaterThan(mg.neurons[uid(ferdie.address)]?.incentive as number);
      // The epoch block's EmissionPaid event carries the same split (what the dashboard charts).
      const epochBlock = devchain.bestBlock();
      expect(await client.getEpochPayouts(epochBlock)).toEqual([{ netuid, block: epochBlock, ownerCut, validators, miners }]);
      expect(await client.getEpochPayouts(epochBlock - 1)).toEqual([]);
    });

    it("reads the finalized block and the network parameters", async () => {
      const best = await client.getBlockNumber();
      const finalized = await client.getFinalizedBlockNumber();
      expect(finalized).toBeGreaterThan(0);
      expect(finalized).toBeLessThanOrEqual(best);
      // The dev preset's values (chain/runtime presets).
      expect(await client.getNetworkParams()).toMatchObject({ subnetLimit: 8, networkImmunityPeriod: 100, rootTempo: 10 });
      await expect(client.getEpochPayouts(-1)).rejects.toMatchObject({
        type: { code: "INVALID_ARGUMENT", field: "blockNumber" },
      });
    });

    it("becomes a delegate, lowers its take and lists it", async () => {
      // Waiting for finalization works too (chopsticks finalizes each block it builds).
      const r = await included(devchain, (o) => client.becomeDelegate(bob, dave.address, { ...o, wait: "finalization" }));
      expect(r.events.some((e) => e.method === "DelegateAdded")).toBe(true);
      await included(devchain, (o) => client.decreaseTake(bob, dave.address, 5000, o));
      const d = (await client.getDelegates()).find((x) => x.hotkey === dave.address);
      expect(d).toMatchObject({ owner: bob.address, take: 5000 });
      expect(d?.nominators).toContainEqual({ coldkey: bob.address, stake: d?.totalStake });
      await expect(included(devchain, (o) => client.increaseTake(bob, dave.address, 20000, o))).rejects.toMatchObject({
        type: { code: "DISPATCH" },
      });
    });

    it("commit-reveal: the client's commit hash matches the pallet's; early, wrong-salt and late reveals are typed errors", async () => {
      await included(devchain, (o) => client.setHyperparameter(alice, netuid, "commitRevealEnabled", true, o));
      const mg = await client.getMetagraph(netuid);
      const uid = (hk: string) => mg?.neurons.find((n) => n.hotkey === hk)?.uid as number;
      const [m1, m2] = [uid(eve.address), uid(ferdie.address)];
      const salt = [7, 11, 13];
      const hash = weightsCommitHash(dave.address, netuid, [m1, m2], [100, 200], salt, 0n);
      await expect(included(devchain, (o) => client.setWeights(dave, netuid, [m1], [1], 0n, o))).rejects.toMatchObject(
        dispatchError("CommitRevealEnabled"),
      );
      await included(devchain, (o) => client.commitWeights(dave, netuid, hash, o));
      await expect(
        included(devchain, (o) => client.revealWeights(dave, netuid, [m1, m2], [100, 200], salt, 0n, o)),
      ).rejects.toMatchObject(dispatchError("RevealTooEarly"));
      // Into the next epoch (reveal_period_epochs = 1): the first block after the epoch boundary.
      await devchain.newBlock(blocksUntilEpoch(devchain.bestBlock(), netuid, 9) - 1);
      await expect(
        included(devchain, (o) => client.revealWeights(dave, netuid, [m1, m2], [100, 200], [7, 11, 14], 0n, o)),
      ).rejects.toMatchObject(dispatchError("InvalidRevealCommitHashNotMatch"));
      const r = await included(devchain, (o) => client.revealWeights(dave, netuid, [m1, m2], [100, 200], salt, 0n, o));
      expect(r.events.some((e) => e.method === "WeightsRevealed")).toBe(true);
      const after = await client.getMetagraph(netuid, { includeWeights: true });
      expect(after?.weights?.[uid(dave.address)]).toEqual([
        [m1, 32768],
        [m2, 65535],
      ]);
      // A second commit revealed two epochs later is expired.
      const hash2 = weightsCommitHash(dave.address, netuid, [m1], [5], salt, 0n);
      await included(devchain, (o) => client.commitWeights(dave, netuid, hash2, o));
      await devchain.newBlock(blocksUntilEpoch(devchain.bestBlock(), netuid, 9));
      await devchain.newBlock(blocksUntilEpoch(devchain.bestBlock(), netuid, 9));
      await expect(included(devchain, (o) => client.revealWeights(dave, netuid, [m1], [5], salt, 0n, o))).rejects.toMatchObject(
        dispatchError("ExpiredWeightCommit"),
      );
    });

    it("a hotkey with no balance, once registered, sets weights and serves for free; an unregistered one is refused before inclusion", async () => {
      await included(devchain, (o) => client.setHyperparameter(alice, netuid, "commitRevealEnabled", false, o));
      // Derived from the dev phrase but not among the funded dev accounts: no balance at all.
      const fresh = await signerFromUri("//FeeFreeHotkey");
      const stranger = await signerFromUri("//FeeFreeStranger");
      expect((await client.getBalance(fresh.address)).free).toBe(0n);
      const { uid } = await included(devchain, (o) => client.burnedRegister(bob, netuid, fresh.address, o));
      const endpoint = {
        peerId: "12D3KooWGzbQ5fWJd4R4wxE9ZkY4mrsdc8PA1fR4J1Q1nZzVbL6H",
        multiaddrs: ["/ip4/127.0.0.1/tcp/4002"],
        version: 1,
        protocol: 0,
      };
      // A single self-weight needs no validator permit.
      await included(devchain, (o) => client.setWeights(fresh, netuid, [uid], [65535], 0n, o));
      await included(devchain, (o) => client.serveAxon(fresh, netuid, endpoint, o));
      expect((await client.getBalance(fresh.address)).free).toBe(0n);
      const mg = await client.getMetagraph(netuid, { includeWeights: true });
      expect(mg?.weights?.[uid]).toEqual([[uid, 65535]]);
      expect(mg?.neurons[uid]?.endpoint).toMatchObject(endpoint);
      // Still rate limited (weightsRateLimit 3, set above): refused by the pool, not included free.
      await expect(included(devchain, (o) => client.setWeights(fresh, netuid, [uid], [65535], 0n, o))).rejects.toMatchObject({
        type: { code: "DISPATCH", name: "SettingWeightsTooFast", beforeInclusion: true },
      });
      // An unregistered key with no balance: told it is not registered (not "cannot pay the fee").
      const refused = included(devchain, (o) => client.setWeights(stranger, netuid, [uid], [1], 0n, o));
      await expect(refused).rejects.toMatchObject({
        type: { code: "DISPATCH", pallet: "Subnets", name: "NotRegistered", beforeInclusion: true },
      });
      await expect(refused).rejects.toThrow(
        /^Subnets\.NotRegistered: the hotkey is not registered here .*register it first.*no fee\)$/,
      );
    });

    it("follows new blocks through the subscription", async () => {
      const seen: number[] = [];
      const unsub = await client.subscribeBlocks((n) => seen.push(n));
      const target = (await devchain.newBlock(2)) as number;
      const deadline = Date.now() + 5000;
      while (!seen.includes(target) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      unsub();
      expect(seen).toContain(target);
    });
  });
}
