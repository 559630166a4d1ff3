import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type KeyringSigner, signerFromUri } from "../../chain/wallet/signer.js";
import { silentLogger } from "../../lib/logger.js";
import {
  createNonceSource,
  decodeEnvelope,
  encodeEnvelope,
  encodeJsonBody,
  hotkeySigner,
  MessageKind,
  type Network,
  Status,
  signEnvelope,
  statusName,
  verifyEnvelope,
  WIRE_VERSION,
} from "../../node/network/index.js";
import { createDendrite } from "../../node/network/query/client.js";
import type { SubnetDefinition } from "../../subnets/sdk/interface.js";
import { startApp } from "../node/apps.js";
import { echoSumSubnet } from "../node/fixtures/echo-sum.js";
import { FakeChain } from "../node/fixtures/fake-chain.js";
import { Cleanup, startNetwork, tempDir } from "../node/harness.js";

// Impersonation and replay cases test/node/refusals.test.ts does not cover: a validator that was
// deregistered or lost its permit while the miner runs (the whole miner app, with its own
// metagraph sync), a request replayed on another subnet, and on the validator's side a miner
// that relays another miner's signed answer or replays an old one.
const NETUID = 1;
const SYNC_MS = 200;
const TOKEN = 1_000_000_000n;
const cleanup = new Cleanup();
afterEach(() => cleanup.run());
let alice: KeyringSigner;
let bob: KeyringSigner;
let charlie: KeyringSigner;
let mallory: KeyringSigner;
beforeAll(async () => {
  alice = await signerFromUri("//Alice");
  bob = await signerFromUri("//Bob");
  charlie = await signerFromUri("//Charlie");
  mallory = await signerFromUri("//Mallory");
});
const echo = echoSumSubnet("honest") as SubnetDefinition<unknown, unknown>;

/** A miner app (Bob) and a raw client bound on chain to Alice, the validator. */
async function minerAndValidatorClient() {
  const chain = new FakeChain(NETUID);
  const aliceUid = chain.register({ hotkey: alice.address, stake: 1000n * TOKEN, validatorPermit: true });
  chain.register({ hotkey: bob.address });
  const miner = await startApp(cleanup, {
    role: "miner",
    chain,
    signer: bob,
    dataDir: tempDir(cleanup),
    subnet: "echo-honest",
    extra: { miner: { metagraphSyncMs: SYNC_MS, minStake: 1 } },
  });
  const client = await startNetwork(cleanup);
  await chain.serveAxon(alice, NETUID, { peerId: client.peerId, multiaddrs: client.getMultiaddrs(), version: 1, protocol: 0 });
  let nonce = BigInt(Date.now()) * 1000n;
  let requestId = 1;
  const send = async (signer: KeyringSigner = alice, netuid = NETUID) => {
    nonce += 1n;
    requestId += 1;
    const message = encodeEnvelope(
      signEnvelope(netuid, hotkeySigner(signer), {
        version: WIRE_VERSION,
        kind: MessageKind.request,
        status: 0,
        requestId,
        nonce,
        processingMs: 0,
        body: encodeJsonBody({ numbers: [1] }),
      }),
    );
    const peer = { peerId: miner.network.peerId, multiaddrs: miner.network.getMultiaddrs() };
    return statusName(decodeEnvelope(await client.request(peer, NETUID, requestId, message, AbortSignal.timeout(5000))).status);
  };
  // The miner learns Alice's endpoint at its next sync (or on the first unknown-caller refresh).
  await waitFor(async () => (await send()) === "ok");
  return { chain, aliceUid, send };
}

/** Polls `check` every 50 ms for at most 5 s; returns the ms it took. */
async function waitFor(check: () => Promise<boolean>): Promise<number> {
  const started = Date.now();
  for (let i = 0; i < 100; i++) {
    if (await check()) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error("condition not reached within 5 s");
}

describe("impersonation and replay", () => {
  it("refuses a validator deregistered while the miner runs, from its next metagraph sync on", async () => {
    const { chain, aliceUid, send } = await minerAndValidatorClient();
    chain.replace(aliceUid, mallory.address);
    const ms = await waitFor(async () => (await send()) === "notRegistered");
    if (process.env.RELIABILITY_REPORT) console.log(JSON.stringify({ refusedAfterDeregistrationMs: ms, syncMs: SYNC_MS }));
    // Refused for good, with fresh nonces and valid signatures; the newcomer is no validator either.
    for (let i = 0; i < 5; i++) expect(await send()).toBe("notRegistered");
    expect(await send(mallory)).not.toBe("ok");
  });

  it("refuses a validator that lost its permit, and one whose stake fell under min_stake", async () => {
    const { chain, aliceUid, send } = await minerAndValidatorClient();
    const neuron = chain.neurons[aliceUid];
    if (neuron === undefined) throw new Error("no neuron");
    neuron.validatorPermit = false;
    await waitFor(async () => (await send()) === "noPermit");
    neuron.validatorPermit = true;
    await waitFor(async () => (await send()) === "ok");
    neuron.stake = TOKEN - 1n; // min_stake is 1 token
    await waitFor(async () => (await send()) === "lowStake");
  });

  it("refuses a request signed for another subnet (the signature covers the netuid)", async () => {
    const { send } = await minerAndValidatorClient();
    expect(await send(alice, 2)).toBe("badSignature");
    expect(await send(alice, NETUID)).toBe("ok");
  });

  it("the validator refuses a miner that relays another miner's signed answer or replays an old one", async () => {
    const honestMiner = await startNetwork(cleanup);
    const rogue = await startNetwork(cleanup);
    // Charlie answers honestly; Bob's node (the rogue) forwards Charlie's answers, or replays the first one.
    const charlieAnswer = (message: Uint8Array): Uint8Array => {
      const request = decodeEnvelope(message);
      return encodeEnvelope(
        signEnvelope(NETUID, hotkeySigner(charlie), {
          version: WIRE_VERSION,
          kind: MessageKind.response,
          status: Status.ok,
          requestId: request.requestId,
          nonce: request.nonce,
          processingMs: 1,
          body: encodeJsonBody({ sum: 1 }),
        }),
      );
    };
    await honestMiner.serve(NETUID, async (m) => charlieAnswer(m));
    let mode: "relay" | "replay" | "relabel" = "relay";
    let recorded: Uint8Array | null = null;
    await rogue.serve(NETUID, async (message) => {
      const request = decodeEnvelope(message);
      if (mode === "relay") return charlieAnswer(message);
      if (recorded === null) {
        recorded = encodeEnvelope(
          signEnvelope(NETUID, hotkeySigner(bob), {
            version: WIRE_VERSION,
            kind: MessageKind.response,
            status: Status.ok,
            requestId: request.requestId,
            nonce: request.nonce,
            processingMs: 1,
            body: encodeJsonBody({ sum: 1 }),
          }),
        );
      }
      // Relabelled: the old answer under the new request id; the signature no longer holds.
      if (mode === "relabel") return encodeEnvelope({ ...decodeEnvelope(recorded), requestId: request.requestId });
      return recorded;
    });
    const validatorNet: Network = await startNetwork(cleanup);
    const dendrite = createDendrite(
      { netuid: NETUID, maxInFlight: 8 },
      {
        network: validatorNet,
        signer: alice,
        nonces: createNonceSource(),
        responseSchema: echo.responseSchema,
        metrics: null,
        logger: silentLogger(),
      },
    );
    const bobTarget = { uid: 1, hotkey: bob.address, peer: { peerId: rogue.peerId, multiaddrs: rogue.getMultiaddrs() } };
    const charlieTarget = {
      uid: 2,
      hotkey: charlie.address,
      peer: { peerId: honestMiner.peerId, multiaddrs: honestMiner.getMultiaddrs() },
    };
    const request = { numbers: [1] };
    const [relayed, genuine] = await dendrite.query(
      [
        { target: bobTarget, request },
        { target: charlieTarget, request },
      ],
      5000,
    );
    expect(genuine).toMatchObject({ ok: true });
    expect(relayed).toMatchObject({ ok: false, reason: "bad_payload" });
    expect(relayed?.ok === false && relayed.message).toMatch(/signed by .* expected/);
    mode = "replay";
    const [first] = await dendrite.query([{ target: bobTarget, request }], 5000);
    expect(first).toMatchObject({ ok: true });
    // Replayed as it was: it names the old request id, so it answers nothing and the query times out.
    const [replayed] = await dendrite.query([{ target: bobTarget, request }], 1000);
    expect(replayed).toMatchObject({ ok: false, reason: "timeout" });
    mode = "relabel";
    const [relabelled] = await dendrite.query([{ target: bobTarget, request }], 5000);
    expect(relabelled).toMatchObject({ ok: false, reason: "bad_payload" });
    expect(relabelled?.ok === false && relabelled.message).toMatch(/does not answer this request|signature is invalid/);
    // The recorded response itself is genuine: only its binding to the old request gives it away.
    expect(await verifyEnvelope(NETUID, decodeEnvelope(recorded as unknown as Uint8Array))).toBe(true);
  });
});
