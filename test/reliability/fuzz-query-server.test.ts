import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type KeyringSigner, signerFromUri } from "../../chain/wallet/signer.js";
import { noInference } from "../../lib/inference.js";
import { silentLogger } from "../../lib/logger.js";
import { createMetagraphSync } from "../../node/metagraph/index.js";
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
  verifyEnvelope,
  WIRE_VERSION,
} from "../../node/network/index.js";
import { createQueryServer, type QueryServer } from "../../node/network/query/server.js";
import { NonceRepository } from "../../node/store/index.js";
import { echoSumSubnet } from "../node/fixtures/echo-sum.js";
import { FakeChain } from "../node/fixtures/fake-chain.js";
import { Cleanup, startStore } from "../node/harness.js";

// The miner's query handler (the gate in front of every subnet) driven directly with generated
// and mutated messages, as a hostile peer would send them after the noise handshake. Every
// message gets exactly one signed response with a named status; only a well-formed request,
// signed by the registered validator bound to the sending peer, with a fresh nonce and a valid
// payload, ever reaches the subnet handler.
const NETUID = 1;
const ALICE_PEER = "12D3KooWAlicePeerAlicePeerAlicePeerAlicePeerAliceP";
const cleanup = new Cleanup();
let alice: KeyringSigner;
let bob: KeyringSigner;
let mallory: KeyringSigner;
let server: QueryServer;
let handled = 0;
let nonce = 1_000_000n;

beforeAll(async () => {
  alice = await signerFromUri("//Alice");
  bob = await signerFromUri("//Bob");
  mallory = await signerFromUri("//Mallory");
  const chain = new FakeChain(NETUID);
  chain.register({ hotkey: alice.address, stake: 1000n, validatorPermit: true });
  chain.register({ hotkey: bob.address });
  const aliceNeuron = chain.neurons[0];
  if (aliceNeuron === undefined) throw new Error("no neuron");
  aliceNeuron.endpoint = { peerId: ALICE_PEER, multiaddrs: [], version: 1, protocol: 0, block: 1 };
  const store = await startStore(cleanup);
  const metagraph = createMetagraphSync(
    { netuid: NETUID, intervalMs: 60_000 },
    { chain: chain.asClient(), logger: silentLogger() },
  );
  await metagraph.start();
  cleanup.add(() => metagraph.stop());
  const echo = await echoSumSubnet("honest").createMiner({ logger: silentLogger(), inference: noInference() });
  server = createQueryServer(
    {
      netuid: NETUID,
      minStake: 0n,
      rateLimit: { perSecond: 1e9, burst: 1e9 },
      maxConcurrent: 64,
      maxQueued: 256,
      handlerTimeoutMs: 2_000,
      unknownCallerRefreshMs: 60_000,
    },
    {
      signer: bob,
      metagraph,
      nonces: new NonceRepository(store),
      requestSchema: echoSumSubnet().requestSchema,
      responseSchema: echoSumSubnet().responseSchema,
      handler: {
        handle: (request, context) => {
          handled += 1;
          return echo.handle(request as never, context);
        },
        close: () => echo.close(),
      },
      metrics: null,
      logger: silentLogger(),
    },
  );
});
afterAll(() => cleanup.run());

function request(signer: KeyringSigner, body: Uint8Array, requestId = 7): Uint8Array {
  nonce += 1n;
  return encodeEnvelope(
    signEnvelope(NETUID, hotkeySigner(signer), {
      version: WIRE_VERSION,
      kind: MessageKind.request,
      status: 0,
      requestId,
      nonce,
      processingMs: 0,
      body,
    }),
  );
}

/** Sends one message; checks the answer is a response signed by the miner and returns it. */
async function send(message: Uint8Array, peerId = ALICE_PEER) {
  const raw = await server.handle(message, { peerId });
  expect(raw).not.toBeNull();
  const answer = decodeEnvelope(raw as Uint8Array);
  expect(answer.kind).toBe(MessageKind.response);
  expect(answer.hotkey).toBe(bob.address);
  expect(statusName(answer.status)).not.toBe("unknown");
  const body = decodeJsonBody(answer.body) as { error?: unknown };
  if (answer.status !== Status.ok) expect(typeof body.error).toBe("string");
  return { answer, body };
}

describe("miner query gate (fuzzed)", () => {
  it("answers arbitrary bytes with a refusal, never runs the handler", async () => {
    const before = handled;
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), async (bytes) => {
        const { answer } = await send(bytes);
        expect(answer.status).not.toBe(Status.ok);
      }),
      { numRuns: 1_000 },
    );
    expect(handled).toBe(before);
  });

  it("answers a signed request whose body is arbitrary JSON: ok only when the schema holds, else badPayload", async () => {
    const schema = echoSumSubnet().requestSchema;
    const body = fc.oneof(
      fc.jsonValue(),
      fc.record({ numbers: fc.array(fc.oneof(fc.integer(), fc.double(), fc.string()), { maxLength: 5 }) }),
    );
    await fc.assert(
      fc.asyncProperty(body, async (value) => {
        const { answer, body: reply } = await send(request(alice, encodeJsonBody(value)));
        if (schema.safeParse(value).success) {
          expect(answer.status).toBe(Status.ok);
          expect(reply).toHaveProperty("sum");
        } else {
          expect(statusName(answer.status)).toBe("badPayload");
          expect((reply as { error: string }).error).toMatch(/^request does not match the subnet schema: /);
        }
        expect(await verifyEnvelope(NETUID, answer)).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it("refuses every single- or multi-byte mutation of a valid request, before the handler", async () => {
    const before = handled;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 4 }),
        async (flips) => {
          // A fresh nonce per message, so a refusal is the mutation's doing and not a replay.
          const base = request(alice, encodeJsonBody({ numbers: [1, 2] }));
          const mutated = new Uint8Array(base);
          for (const [at, xor] of flips) {
            const i = at % mutated.byteLength;
            mutated[i] = (mutated[i] ?? 0) ^ xor;
          }
          // Two flips of one byte by the same mask cancel out: that is the original, not a mutation.
          if (Buffer.from(mutated).equals(Buffer.from(base))) return;
          const { answer } = await send(mutated);
          expect(answer.status).not.toBe(Status.ok);
        },
      ),
      { numRuns: 400 },
    );
    expect(handled).toBe(before);
  });

  it("refuses impersonation: another peer, another key, an unregistered or a made-up hotkey", async () => {
    const before = handled;
    const claim = fc.record({
      signer: fc.constantFrom("alice", "bob", "mallory"),
      peer: fc.constantFrom(ALICE_PEER, "12D3KooWMalloryMalloryMalloryMalloryMalloryMallor"),
      hotkey: fc.option(fc.constantFrom("alice", "bob", "junk"), { nil: undefined }),
    });
    await fc.assert(
      fc.asyncProperty(claim, async ({ signer, peer, hotkey }) => {
        const key = signer === "alice" ? alice : signer === "bob" ? bob : mallory;
        const honest = signer === "alice" && peer === ALICE_PEER && hotkey === undefined;
        let message = request(key, encodeJsonBody({ numbers: [3] }));
        if (hotkey !== undefined) {
          // Re-label the signed message with another hotkey (the signature stays the signer's).
          const envelope = decodeEnvelope(message);
          const claimed = hotkey === "alice" ? alice.address : hotkey === "bob" ? bob.address : "5".repeat(48);
          message = encodeEnvelope({ ...envelope, hotkey: claimed });
          if (claimed === key.address && peer === ALICE_PEER && key === alice) return;
        }
        const { answer } = await send(message, peer);
        if (honest) expect(answer.status).toBe(Status.ok);
        else expect(answer.status).not.toBe(Status.ok);
      }),
      { numRuns: 300 },
    );
    expect(handled).toBeGreaterThan(before);
  });

  it("refuses a replay of each accepted request, whatever the order they come back in", async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.nat(), async (count, seed) => {
        const messages = Array.from({ length: count }, (_, i) => request(alice, encodeJsonBody({ numbers: [i] }), i + 1));
        for (const m of messages) expect((await send(m)).answer.status).toBe(Status.ok);
        const order = messages.map((m, i) => ({ m, k: (i * 7919 + seed) % 101 })).sort((a, b) => a.k - b.k);
        for (const { m } of order) expect(statusName((await send(m)).answer.status)).toBe("replayedNonce");
      }),
      { numRuns: 60 },
    );
  });
});
