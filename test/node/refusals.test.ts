import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type KeyringSigner, signerFromUri } from "../../chain/wallet/signer.js";
import {
  decodeEnvelope,
  decodeJsonBody,
  encodeEnvelope,
  encodeJsonBody,
  hotkeySigner,
  MessageKind,
  Status,
  signEnvelope,
  statusName,
  WIRE_VERSION,
} from "../../node/network/index.js";
import type { SubnetDefinition } from "../../subnets/sdk/interface.js";
import { echoSumSubnet } from "./fixtures/echo-sum.js";
import { FakeChain } from "./fixtures/fake-chain.js";
import { Cleanup, startTestDendrite, startTestMiner, targetOf } from "./harness.js";

const NETUID = 1;
const TOKEN = 1_000_000_000n;
let alice: KeyringSigner;
let bob: KeyringSigner;
let charlie: KeyringSigner;
let dave: KeyringSigner;
let eve: KeyringSigner;
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

beforeAll(async () => {
  alice = await signerFromUri("//Alice");
  bob = await signerFromUri("//Bob");
  charlie = await signerFromUri("//Charlie");
  dave = await signerFromUri("//Dave");
  eve = await signerFromUri("//Eve");
});

const honest = echoSumSubnet("honest") as SubnetDefinition<unknown, unknown>;

/** Alice: validator with permit and stake; Bob: the miner; Dave: registered without permit; Eve: permit, tiny stake. */
function chainWithNeurons(): { chain: FakeChain; minerUid: number } {
  const chain = new FakeChain(NETUID);
  chain.register({ hotkey: alice.address, stake: 1000n * TOKEN, validatorPermit: true });
  const minerUid = chain.register({ hotkey: bob.address });
  chain.register({ hotkey: dave.address, stake: 1000n * TOKEN, validatorPermit: false });
  chain.register({ hotkey: eve.address, stake: 1n, validatorPermit: true });
  return { chain, minerUid };
}

async function setup(subnet = honest, server = {}, minerNetwork = {}) {
  const { chain, minerUid } = chainWithNeurons();
  const miner = await startTestMiner(cleanup, {
    chain: chain.asClient(),
    signer: bob,
    subnet,
    netuid: NETUID,
    server,
    network: minerNetwork,
  });
  return { chain, miner, target: targetOf(miner, minerUid, bob.address) };
}

async function refresh(miner: { metagraph: { refresh(): Promise<unknown> } }) {
  await miner.metagraph.refresh();
}

describe("miner refusals", () => {
  /** A subnet that counts its handler's calls: a refusal must cost the miner no handler work. */
  function counting(): { subnet: SubnetDefinition<unknown, unknown>; calls: () => number } {
    let calls = 0;
    const subnet: SubnetDefinition<unknown, unknown> = {
      ...honest,
      async createMiner(ctx) {
        const inner = await honest.createMiner(ctx);
        return {
          handle: (r, c) => {
            calls += 1;
            return inner.handle(r, c);
          },
          close: () => inner.close(),
        };
      },
    };
    return { subnet, calls: () => calls };
  }

  // Who asks, and what the miner answers: the baseline, then one refusal per caller check, in the
  // order the server runs them (membership, permit, stake), none of which reaches the handler.
  const callers: Array<{
    name: string;
    caller: () => KeyringSigner;
    minStake?: bigint;
    registered?: boolean;
    refusal: RegExp | null;
  }> = [
    { name: "answers a registered validator with a permit (the baseline)", caller: () => alice, refusal: null },
    { name: "refuses an unregistered caller", caller: () => charlie, registered: false, refusal: /^notRegistered/ },
    { name: "refuses a registered caller without a validator permit", caller: () => dave, refusal: /^noPermit/ },
    {
      name: "refuses a validator whose stake is below min_stake",
      caller: () => eve,
      minStake: 10n * TOKEN,
      refusal: /^lowStake/,
    },
  ];

  it.each(callers)("$name", async ({ caller, minStake, registered, refusal }) => {
    const { subnet, calls } = counting();
    const { chain, miner, target } = await setup(subnet, minStake === undefined ? {} : { minStake });
    const { dendrite } = await startTestDendrite(cleanup, {
      chain: chain.asClient(),
      signer: caller(),
      subnet: honest,
      netuid: NETUID,
      ...(registered === false ? { serve: false } : {}),
    });
    await refresh(miner);
    const [outcome] = await dendrite.query([{ target, request: { numbers: [1, 2, 3] } }], 5000);
    if (refusal === null) {
      expect(outcome).toMatchObject({ ok: true, response: { sum: 6 } });
      expect(calls()).toBe(1);
    } else {
      expect(outcome).toMatchObject({ ok: false, reason: "refused" });
      expect(outcome?.ok === false && outcome.message).toMatch(refusal);
      expect(calls()).toBe(0);
    }
  });

  it("refuses a caller whose proven peer id is not the one the chain binds to its hotkey", async () => {
    const { chain, miner, target } = await setup();
    // Alice's hotkey is bound to one libp2p key; the messages come from a node with another key.
    await startTestDendrite(cleanup, { chain: chain.asClient(), signer: alice, subnet: honest, netuid: NETUID });
    const { dendrite: impostor } = await startTestDendrite(cleanup, {
      chain: chain.asClient(),
      signer: alice,
      subnet: honest,
      netuid: NETUID,
      serve: false,
    });
    await refresh(miner);
    const [outcome] = await impostor.query([{ target, request: { numbers: [1] } }], 5000);
    expect(outcome?.ok === false && outcome.message).toMatch(/^wrongPeer/);
  });

  it("does not talk to a node whose key is not the peer id the chain names for the miner", async () => {
    const { chain, miner, target } = await setup();
    const other = await startTestMiner(cleanup, { chain: chain.asClient(), signer: charlie, subnet: honest, netuid: NETUID });
    const { dendrite } = await startTestDendrite(cleanup, {
      chain: chain.asClient(),
      signer: alice,
      subnet: honest,
      netuid: NETUID,
    });
    await refresh(miner);
    // Right peer id, but the address is another node's: noise proves the mismatch and the dial fails.
    const [outcome] = await dendrite.query(
      [
        {
          target: { ...target, peer: { peerId: target.peer.peerId, multiaddrs: other.network.getMultiaddrs() } },
          request: { numbers: [1] },
        },
      ],
      5000,
    );
    expect(outcome).toMatchObject({ ok: false, reason: "connection" });
  });

  it("refuses a replayed message (same nonce) and a nonce below the replay window", async () => {
    const { chain, miner, target } = await setup();
    const { network } = await startTestDendrite(cleanup, {
      chain: chain.asClient(),
      signer: alice,
      subnet: honest,
      netuid: NETUID,
    });
    await refresh(miner);
    const send = async (requestId: number, nonce: bigint) => {
      const raw = encodeEnvelope(
        signEnvelope(NETUID, hotkeySigner(alice), {
          version: WIRE_VERSION,
          kind: MessageKind.request,
          status: 0,
          requestId,
          nonce,
          processingMs: 0,
          body: encodeJsonBody({ numbers: [2] }),
        }),
      );
      return decodeEnvelope(await network.request(target.peer, NETUID, requestId, raw, AbortSignal.timeout(5000)));
    };
    const high = 50_000_000n;
    expect((await send(1, high)).status).toBe(Status.ok);
    expect(statusName((await send(1, high)).status)).toBe("replayedNonce");
    // The window (10 s of microsecond nonces) tolerates reordering, not old messages.
    expect(statusName((await send(2, high - 20_000_000n)).status)).toBe("replayedNonce");
    expect((await send(3, high - 5n)).status).toBe(Status.ok);
    expect(statusName((await send(4, high - 5n)).status)).toBe("replayedNonce");
  });

  it("refuses a bad or missing signature", async () => {
    const { chain, miner, target } = await setup();
    const { network } = await startTestDendrite(cleanup, {
      chain: chain.asClient(),
      signer: alice,
      subnet: honest,
      netuid: NETUID,
    });
    await refresh(miner);
    const signed = signEnvelope(NETUID, hotkeySigner(alice), {
      version: WIRE_VERSION,
      kind: MessageKind.request,
      status: 0,
      requestId: 5,
      nonce: 77n,
      processingMs: 0,
      body: encodeJsonBody({ numbers: [2] }),
    });
    const tampered = { ...signed, body: encodeJsonBody({ numbers: [3] }) };
    const missing = { ...signed, requestId: 6, signature: new Uint8Array(64) };
    for (const envelope of [tampered, missing]) {
      const answer = decodeEnvelope(
        await network.request(target.peer, NETUID, envelope.requestId, encodeEnvelope(envelope), AbortSignal.timeout(5000)),
      );
      expect(statusName(answer.status)).toBe("badSignature");
    }
  });

  it("refuses an oversized message before decoding it", async () => {
    const { chain, miner, target } = await setup(honest, {}, { maxMessageBytes: 4096 });
    const { dendrite } = await startTestDendrite(cleanup, {
      chain: chain.asClient(),
      signer: alice,
      subnet: honest,
      netuid: NETUID,
    });
    await refresh(miner);
    const [outcome] = await dendrite.query([{ target, request: { numbers: [1], pad: "x".repeat(8000) } }], 5000);
    expect(outcome).toMatchObject({ ok: false, reason: "refused" });
    expect(outcome?.ok === false && outcome.message).toMatch(/^tooLarge/);
    // The stream is replaced and the miner still answers normal requests.
    const [next] = await dendrite.query([{ target, request: { numbers: [4, 5] } }], 5000);
    expect(next).toMatchObject({ ok: true, response: { sum: 9 } });
  });

  it("refuses malformed messages: unparseable bytes, non-JSON body, payload against the schema, unknown version", async () => {
    const { chain, miner, target } = await setup();
    const { network, dendrite } = await startTestDendrite(cleanup, {
      chain: chain.asClient(),
      signer: alice,
      subnet: honest,
      netuid: NETUID,
    });
    await refresh(miner);
    const raw = (requestId: number, nonce: bigint, body: Uint8Array, version = WIRE_VERSION) =>
      encodeEnvelope(
        signEnvelope(NETUID, hotkeySigner(alice), {
          version,
          kind: MessageKind.request,
          status: 0,
          requestId,
          nonce,
          processingMs: 0,
          body,
        }),
      );
    const ask = async (requestId: number, message: Uint8Array) =>
      decodeEnvelope(await network.request(target.peer, NETUID, requestId, message, AbortSignal.timeout(5000)));

    const nonJson = await ask(11, raw(11, 10n, new TextEncoder().encode("{not json")));
    expect(statusName(nonJson.status)).toBe("malformed");
    const wrongShape = await ask(12, raw(12, 11n, encodeJsonBody({ numbers: "seven" })));
    expect(statusName(wrongShape.status)).toBe("badPayload");
    expect((decodeJsonBody(wrongShape.body) as { error: string }).error).toContain("numbers");
    const future = await ask(13, raw(13, 12n, encodeJsonBody({ numbers: [1] }), 9));
    expect(statusName(future.status)).toBe("unsupportedVersion");
    // A version-1 message (no scheme byte: its hotkey starts where version 2 has the scheme) is
    // answered by its id with unsupportedVersion, not as unreadable bytes.
    const current = raw(15, 13n, encodeJsonBody({ numbers: [1] }));
    const v1 = new Uint8Array([...current.subarray(0, 84), ...current.subarray(85)]);
    v1[0] = 1;
    const old = await ask(15, v1);
    expect(statusName(old.status)).toBe("unsupportedVersion");
    expect((decodeJsonBody(old.body) as { error: string }).error).toContain("wire version 1 is not supported");

    // Bytes that are not an envelope at all: answered with request id 0, which fails what is pending.
    const garbage = new Uint8Array(20);
    new DataView(garbage.buffer).setUint32(4, 14);
    const err = await network.request(target.peer, NETUID, 14, garbage, AbortSignal.timeout(5000)).catch((e: unknown) => e);
    expect(err).toMatchObject({ type: { code: "PEER_REFUSED", status: Status.malformed } });
    // And the miner goes on answering well-formed queries.
    const [outcome] = await dendrite.query([{ target, request: { numbers: [1, 1] } }], 5000);
    expect(outcome).toMatchObject({ ok: true, response: { sum: 2 } });
  });

  it("answers busy once a validator exceeds its rate limit", async () => {
    const { chain, miner, target } = await setup(honest, { rateLimit: { perSecond: 0.01, burst: 3 } });
    const { dendrite } = await startTestDendrite(cleanup, {
      chain: chain.asClient(),
      signer: alice,
      subnet: honest,
      netuid: NETUID,
    });
    await refresh(miner);
    const outcomes = await dendrite.query(
      Array.from({ length: 5 }, () => ({ target, request: { numbers: [1] } })),
      5000,
    );
    expect(outcomes.filter((o) => o.ok)).toHaveLength(3);
    const refused = outcomes.filter((o) => !o.ok);
    expect(refused).toHaveLength(2);
    for (const o of refused) expect(o).toMatchObject({ reason: "busy", message: expect.stringMatching(/^rateLimited/) });
  });

  it("answers busy when the concurrency limit and queue are full", async () => {
    const slow = echoSumSubnet("slow", { timeoutMs: 400 }) as SubnetDefinition<unknown, unknown>;
    const { chain, miner, target } = await setup(slow, { maxConcurrent: 1, maxQueued: 0 });
    const { dendrite } = await startTestDendrite(cleanup, {
      chain: chain.asClient(),
      signer: alice,
      subnet: slow,
      netuid: NETUID,
    });
    await refresh(miner);
    const outcomes = await dendrite.query(
      [
        { target, request: { numbers: [1] } },
        { target, request: { numbers: [2] } },
      ],
      5000,
    );
    expect(outcomes.map((o) => (o.ok ? "ok" : o.reason)).sort()).toEqual(["busy", "timeout"]);
  });

  it("stops a handler at its deadline and reports a timeout", async () => {
    const slow = echoSumSubnet("slow", { timeoutMs: 300 }) as SubnetDefinition<unknown, unknown>;
    const { chain, miner, target } = await setup(slow);
    const { dendrite } = await startTestDendrite(cleanup, {
      chain: chain.asClient(),
      signer: alice,
      subnet: slow,
      netuid: NETUID,
    });
    await refresh(miner);
    const started = Date.now();
    const [outcome] = await dendrite.query([{ target, request: { numbers: [1] } }], 5000);
    expect(outcome).toMatchObject({ ok: false, reason: "timeout", message: expect.stringMatching(/^timeout/) });
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it("reports a miner answer that breaks the subnet schema as an error, not a crash", async () => {
    const garbage = echoSumSubnet("garbage") as SubnetDefinition<unknown, unknown>;
    const { chain, miner, target } = await setup(garbage);
    const { dendrite } = await startTestDendrite(cleanup, {
      chain: chain.asClient(),
      signer: alice,
      subnet: garbage,
      netuid: NETUID,
    });
    await refresh(miner);
    const [outcome] = await dendrite.query([{ target, request: { numbers: [1] } }], 5000);
    expect(outcome).toMatchObject({ ok: false, reason: "error", message: expect.stringMatching(/^handlerError/) });
  });
});
