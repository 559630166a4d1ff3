import { randomBytes } from "node:crypto";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type KeyringSigner, signerFromUri } from "../../chain/wallet/signer.js";
import {
  decodeEnvelope,
  encodeFrame,
  FrameDecoder,
  MessageKind,
  queryProtocol,
  STRANGER_MAX_MESSAGE_BYTES,
  statusName,
} from "../../node/network/index.js";
import type { SubnetDefinition } from "../../subnets/sdk/interface.js";
import { echoSumSubnet } from "../node/fixtures/echo-sum.js";
import { FakeChain } from "../node/fixtures/fake-chain.js";
import { Cleanup, startTestDendrite, startTestMiner, targetOf } from "../node/harness.js";
import { createHostilePeer, type HostilePeer } from "./fixtures/hostile-peer.js";

// A miner under attack by authenticated but hostile peers (garbage frames, oversized frames,
// unframed bytes, half-open and half-written streams, connection churn) keeps answering the
// honest validator, over real libp2p on 127.0.0.1. Every loop is bounded in count.
const NETUID = 1;
const MAX = 64 * 1024;
const HOSTILE_PEERS = 3;
const cleanup = new Cleanup();
afterEach(() => cleanup.run());
let alice: KeyringSigner;
let bob: KeyringSigner;
beforeAll(async () => {
  alice = await signerFromUri("//Alice");
  bob = await signerFromUri("//Bob");
});
const honest = echoSumSubnet("honest") as SubnetDefinition<unknown, unknown>;

async function setup() {
  const chain = new FakeChain(NETUID);
  chain.register({ hotkey: alice.address, stake: 1000n, validatorPermit: true });
  const minerUid = chain.register({ hotkey: bob.address });
  const miner = await startTestMiner(cleanup, {
    chain: chain.asClient(),
    signer: bob,
    subnet: honest,
    netuid: NETUID,
    network: { maxMessageBytes: MAX },
  });
  const validator = await startTestDendrite(cleanup, { chain: chain.asClient(), signer: alice, subnet: honest, netuid: NETUID });
  await miner.metagraph.refresh();
  const target = targetOf(miner, minerUid, bob.address);
  const hostiles: HostilePeer[] = [];
  for (let i = 0; i < HOSTILE_PEERS; i++) {
    const peer = await createHostilePeer();
    cleanup.add(() => peer.stop());
    hostiles.push(peer);
  }
  return { miner, validator, target, hostiles };
}

/** The responses in a byte stream the miner wrote back, decoded. */
function responses(bytes: Uint8Array) {
  return new FrameDecoder(MAX).push(bytes).map((m) => decodeEnvelope(m));
}

describe("a miner under a hostile peer's flood", () => {
  it("keeps answering the honest validator while hostile peers send garbage, oversized frames and half-open streams", async () => {
    const { miner, validator, target, hostiles } = await setup();
    const protocol = queryProtocol(NETUID);
    const peer = target.peer;
    let stopHonest = false;
    const honestOutcomes: boolean[] = [];
    const honestLoop = (async () => {
      // Bounded: at most 400 rounds of 4 queries, or until the flood is over.
      for (let round = 0; round < 400 && !stopHonest; round++) {
        const outcomes = await validator.dendrite.query(
          Array.from({ length: 4 }, (_, i) => ({ target, request: { numbers: [round, i] } })),
          5_000,
        );
        for (const o of outcomes) honestOutcomes.push(o.ok && (o.response as { sum: number }).sum === round + i(o, outcomes));
      }
    })();
    const refusals: string[] = [];
    const oversized: string[] = [];
    const flood = hostiles.map(async (h) => {
      for (let i = 0; i < 40; i++) {
        // Garbage inside valid frames: each gets a malformed refusal, the stream stays usable.
        const garbage = Buffer.concat(Array.from({ length: 5 }, () => encodeFrame(randomBytes(1 + (i % 200)))));
        const answered = await h.sendRaw(peer, protocol, garbage, 10_000, (got) => responses(got).length >= 5);
        for (const r of responses(answered)) refusals.push(statusName(r.status));
        // An oversized frame: refused by its prefix, then the stream is closed.
        const big = new Uint8Array(8);
        new DataView(big.buffer).setUint32(0, 0x7fffffff);
        const refused = await h.sendRaw(peer, protocol, big, 10_000, (got) => responses(got).length >= 1);
        for (const r of responses(refused)) oversized.push(statusName(r.status));
        // Unframed bytes with a small prefix: whatever they parse as, nothing crashes.
        await h.sendRaw(peer, protocol, randomBytes(64), 50);
      }
      await h.churn(peer, 10);
      // Last, since the per-connection stream limit would refuse the streams above otherwise:
      // half-open streams that never send, and frames that announce more than they send.
      const partial = new Uint8Array(4 + 100);
      new DataView(partial.buffer).setUint32(0, MAX - 1);
      await h.holdStreams(peer, protocol, 4);
      await h.holdStreams(peer, protocol, 4, partial);
    });
    await Promise.all(flood);
    // Held streams stay open while the honest validator goes on querying.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    // The flood is over: a last honest round must still pass after it.
    stopHonest = true;
    await honestLoop;
    const [after] = await validator.dendrite.query([{ target, request: { numbers: [40, 2] } }], 5_000);
    expect(after).toMatchObject({ ok: true, response: { sum: 42 } });

    if (process.env.RELIABILITY_REPORT)
      console.log(
        JSON.stringify({
          honestQueries: honestOutcomes.length,
          refusals: refusals.length,
          held: hostiles.map((h) => h.openStreams()),
        }),
      );
    expect(honestOutcomes.length).toBeGreaterThan(0);
    expect(honestOutcomes.filter((ok) => !ok)).toEqual([]);
    // Every garbage frame got exactly one refusal: nearly always malformed; a random frame that
    // happens to parse as a header is refused further on (e.g. unsupportedVersion), never ok.
    expect(refusals).toHaveLength(HOSTILE_PEERS * 40 * 5);
    expect(refusals.filter((s) => s === "ok" || s === "unknown")).toEqual([]);
    expect(refusals.filter((s) => s === "malformed").length).toBeGreaterThanOrEqual(HOSTILE_PEERS * 40 * 5 * 0.9);
    expect(oversized).toEqual(Array.from({ length: HOSTILE_PEERS * 40 }, () => "tooLarge"));
    // Half-open streams left nothing running in the miner.
    expect(miner.server.inFlight).toBe(0);
    expect(hostiles.reduce((n, h) => n + h.openStreams(), 0)).toBeGreaterThan(0);
  }, 120_000);

  // Was a finding: the miner buffered each frame up to maxMessageBytes (8 MiB by default, 8 streams
  // per connection) for any peer that completed the noise handshake; 4 unregistered peers holding
  // 8 half-written 8 MiB frames each pinned ~270 MiB. Now a peer the metagraph does not list as a
  // validator (with permit and min stake) may send at most STRANGER_MAX_MESSAGE_BYTES per message,
  // checked at the length prefix: at most 16 KiB buffered per stream, 1 MiB for those 4 peers.
  it("caps what a peer the metagraph does not name can make the miner buffer; a validator keeps the full limit", async () => {
    const { validator, target, hostiles } = await setup();
    const [stranger] = hostiles;
    if (stranger === undefined) throw new Error("no hostile peer");
    const protocol = queryProtocol(NETUID);
    // A stranger announces 32 KiB (under the 64 KiB network limit, over the stranger cap) and
    // sends a little of it: refused at the prefix with tooLarge, nothing waits for the rest.
    const announced = 32 * 1024;
    const partial = new Uint8Array(4 + 100);
    new DataView(partial.buffer).setUint32(0, announced);
    const [refusal] = responses(
      await stranger.sendRaw(target.peer, protocol, partial, 5_000, (got) => responses(got).length >= 1),
    );
    expect(statusName(refusal?.status ?? -1)).toBe("tooLarge");
    expect((JSON.parse(new TextDecoder().decode(refusal?.body)) as { error: string }).error).toContain(
      `exceeds the ${STRANGER_MAX_MESSAGE_BYTES}-byte limit`,
    );
    // A stranger's small frame is still read and refused by reason (here: not a message at all).
    const [small] = responses(
      await stranger.sendRaw(target.peer, protocol, encodeFrame(randomBytes(10)), 5_000, (got) => responses(got).length >= 1),
    );
    expect(statusName(small?.status ?? -1)).toBe("malformed");
    // The registered validator sends the same size and more, and is answered.
    const [answer] = await validator.dendrite.query(
      [{ target, request: { numbers: [20, 22], pad: "x".repeat(announced + 1_000) } }],
      5_000,
    );
    expect(answer).toMatchObject({ ok: true, response: { sum: 42 } });
  });

  it("answers each garbage frame with a signed refusal carrying request id 0", async () => {
    const { target, hostiles } = await setup();
    const [h] = hostiles;
    if (h === undefined) throw new Error("no hostile peer");
    const bytes = encodeFrame(randomBytes(10));
    const [answer] = responses(await h.sendRaw(target.peer, queryProtocol(NETUID), bytes, 1_000));
    expect(answer).toMatchObject({ kind: MessageKind.response, requestId: 0, hotkey: bob.address });
    expect(statusName(answer?.status ?? -1)).toBe("malformed");
  });
});

/** The i of an outcome in its round (the sum the miner must return is round + i). */
function i(outcome: unknown, round: unknown[]): number {
  return round.indexOf(outcome);
}
