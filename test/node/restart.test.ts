import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type KeyringSigner, signerFromUri } from "../../chain/wallet/signer.js";
import { IdentityError, loadOrCreatePeerKey } from "../../node/identity/index.js";
import {
  decodeEnvelope,
  encodeEnvelope,
  encodeJsonBody,
  hotkeySigner,
  MessageKind,
  signEnvelope,
  statusName,
  WIRE_VERSION,
} from "../../node/network/index.js";
import { startApp } from "./apps.js";
import { FakeChain } from "./fixtures/fake-chain.js";
import { Cleanup, startNetwork, tempDir } from "./harness.js";

const TOKEN = 1_000_000_000n;
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

let alice: KeyringSigner;
let bob: KeyringSigner;
beforeAll(async () => {
  alice = await signerFromUri("//Alice");
  bob = await signerFromUri("//Bob");
});

function chainWithOneMiner(): FakeChain {
  const chain = new FakeChain(1);
  chain.register({ hotkey: alice.address, stake: 1000n * TOKEN, validatorPermit: true });
  chain.register({ hotkey: bob.address });
  chain.hyperparameters = { ...chain.hyperparameters, weightsRateLimit: 10n };
  return chain;
}

describe("restart", () => {
  it("a validator stopped mid-epoch comes back with its scores and does not set weights inside the rate limit", async () => {
    const chain = chainWithOneMiner();
    await startApp(cleanup, { role: "miner", chain, signer: bob, dataDir: tempDir(cleanup), subnet: "echo-honest" });
    const dir = tempDir(cleanup);
    const first = await startApp(cleanup, { role: "validator", chain, signer: alice, dataDir: dir, subnet: "echo-honest" });
    const role = first.validators[0];
    if (role === undefined) throw new Error("no validator role");
    expect((await role.step())?.weights).toBe("set");
    chain.advance(3);
    await role.step();
    const before = new Map(role.scores());
    const peerId = first.network.peerId;
    await first.stop();

    // The chain's own record would also stop a second call; clear it so only the node's memory can.
    for (const n of chain.neurons) n.lastUpdate = 0;
    chain.advance(3); // 6 blocks after the set: still inside the limit of 10
    const second = await startApp(cleanup, { role: "validator", chain, signer: alice, dataDir: dir, subnet: "echo-honest" });
    const resumed = second.validators[0];
    if (resumed === undefined) throw new Error("no validator role");
    expect(new Map(resumed.scores())).toEqual(before);
    expect(second.network.peerId).toBe(peerId);
    expect((await resumed.step())?.weights).toBe("wait");
    expect(chain.weights).toHaveLength(1);
    chain.advance(4); // 10 blocks after the set
    expect((await resumed.step())?.weights).toBe("set");
    expect(chain.weights).toHaveLength(2);
  });

  it("a restarted miner still refuses a message it answered before the restart (nonces are kept in level)", async () => {
    const chain = chainWithOneMiner();
    const minerDir = tempDir(cleanup);
    let miner = await startApp(cleanup, { role: "miner", chain, signer: bob, dataDir: minerDir, subnet: "echo-honest" });
    const client = await startNetwork(cleanup);
    await chain.serveAxon(alice, 1, { peerId: client.peerId, multiaddrs: client.getMultiaddrs(), version: 1, protocol: 0 });
    const message = encodeEnvelope(
      signEnvelope(1, hotkeySigner(alice), {
        version: WIRE_VERSION,
        kind: MessageKind.request,
        status: 0,
        requestId: 9,
        nonce: 5000n,
        processingMs: 0,
        body: encodeJsonBody({ numbers: [1] }),
      }),
    );
    const send = async () => {
      const peer = { peerId: miner.network.peerId, multiaddrs: miner.network.getMultiaddrs() };
      return statusName(decodeEnvelope(await client.request(peer, 1, 9, message, AbortSignal.timeout(5000))).status);
    };
    expect(await send()).toBe("ok");
    await miner.stop();
    miner = await startApp(cleanup, { role: "miner", chain, signer: bob, dataDir: minerDir, subnet: "echo-honest" });
    expect(await send()).toBe("replayedNonce");
  });

  it("keeps the libp2p key across runs and refuses a damaged key file by name", async () => {
    const dir = tempDir(cleanup);
    const path = join(dir, "keys", "node.libp2p.key");
    const created = await loadOrCreatePeerKey(path);
    expect(created.created).toBe(true);
    const again = await loadOrCreatePeerKey(path);
    expect(again.created).toBe(false);
    expect(Buffer.from(again.seed)).toEqual(Buffer.from(created.seed));
    writeFileSync(path, readFileSync(path, "utf8").replace(/[0-9a-f]{4}\n$/, "zz\n"));
    const err = await loadOrCreatePeerKey(path).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(IdentityError);
    expect((err as IdentityError).message).toContain(path);
  });
});
