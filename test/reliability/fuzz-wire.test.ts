import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { type KeyringSigner, signerFromUri } from "../../chain/wallet/signer.js";
import { errorMessage } from "../../lib/errors.js";
import {
  decodeEnvelope,
  decodeJsonBody,
  encodeEnvelope,
  encodeFrame,
  encodeJsonBody,
  FrameDecoder,
  HEADER_BYTES,
  hotkeySigner,
  MessageKind,
  type MessageSigner,
  NetworkError,
  SignatureScheme,
  sessionSigner,
  signEnvelope,
  verifyEnvelope,
  WIRE_VERSION,
} from "../../node/network/index.js";

// Property tests over the query protocol's wire decoders: whatever bytes a peer sends, decoding
// either yields a message or a NetworkError naming what was wrong; it never throws anything else.
const RUNS = 2_000;
const NETUID = 1;
let alice: KeyringSigner;
beforeAll(async () => {
  alice = await signerFromUri("//Alice");
});

function expectMalformed(err: unknown): void {
  expect(err).toBeInstanceOf(NetworkError);
  const e = err as NetworkError;
  expect(e.type.code).toBe("MALFORMED");
  expect(e.message).toMatch(/^malformed message: \S/);
}

/** Splits `bytes` at the given cut points (taken modulo its length) into chunks. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => (bytes.byteLength === 0 ? 0 : c % bytes.byteLength)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let at = 0;
  for (const p of points) {
    out.push(bytes.subarray(at, p));
    at = p;
  }
  out.push(bytes.subarray(at));
  return out;
}

function validRequest(body: unknown, nonce: bigint, requestId: number, signer?: MessageSigner): Uint8Array {
  return encodeEnvelope(
    signEnvelope(NETUID, signer ?? hotkeySigner(alice), {
      version: WIRE_VERSION,
      kind: MessageKind.request,
      status: 0,
      requestId,
      nonce,
      processingMs: 0,
      body: encodeJsonBody(body),
    }),
  );
}

describe("frame decoder (fuzzed)", () => {
  it("yields the same messages however the byte stream is chunked", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 8 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (messages, cuts) => {
          const stream = Buffer.concat(messages.map((m) => encodeFrame(m)));
          const decoder = new FrameDecoder(1024);
          const got = split(new Uint8Array(stream), cuts).flatMap((chunk) => decoder.push(chunk));
          expect(got.map((m) => Buffer.from(m).toString("hex"))).toEqual(messages.map((m) => Buffer.from(m).toString("hex")));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("on arbitrary bytes either returns frames within the limit or throws TOO_LARGE naming the declared size", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 10 }),
        fc.integer({ min: 0, max: 512 }),
        (chunks, max) => {
          const decoder = new FrameDecoder(max);
          try {
            for (const chunk of chunks) {
              for (const message of decoder.push(chunk)) expect(message.byteLength).toBeLessThanOrEqual(max);
            }
          } catch (err) {
            expect(err).toBeInstanceOf(NetworkError);
            const e = err as NetworkError;
            expect(e.type.code).toBe("TOO_LARGE");
            if (e.type.code === "TOO_LARGE") {
              expect(e.type.bytes).toBeGreaterThan(max);
              expect(e.message).toContain(`${e.type.bytes} bytes exceeds the ${max}-byte limit`);
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("refuses an oversized prefix before any of its body arrives", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1025, max: 0xffffffff }), (declared) => {
        const prefix = new Uint8Array(4);
        new DataView(prefix.buffer).setUint32(0, declared);
        expect(() => new FrameDecoder(1024).push(prefix)).toThrow(/exceeds the 1024-byte limit/);
      }),
      { numRuns: 500 },
    );
  });
});

describe("envelope decoder (fuzzed)", () => {
  it("decodes arbitrary bytes into an envelope or refuses them as MALFORMED with a reason", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        try {
          const envelope = decodeEnvelope(bytes);
          expect([MessageKind.request, MessageKind.response]).toContain(envelope.kind);
          expect(envelope.hotkey.length).toBeGreaterThan(0);
          expect(envelope.signature.byteLength).toBe(64);
        } catch (err) {
          expectMalformed(err);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("decodes headers that look valid (right kind, sane hotkey length) with random contents", () => {
    const headerLike = fc
      .record({
        head: fc.uint8Array({ minLength: HEADER_BYTES, maxLength: HEADER_BYTES }),
        kind: fc.constantFrom(1, 2),
        hotkeyLength: fc.integer({ min: 0, max: 80 }),
        rest: fc.uint8Array({ maxLength: 200 }),
      })
      .map(({ head, kind, hotkeyLength, rest }) => {
        const out = new Uint8Array(HEADER_BYTES + rest.byteLength);
        out.set(head);
        out[1] = kind;
        out[3] = hotkeyLength;
        out.set(rest, HEADER_BYTES);
        return out;
      });
    fc.assert(
      fc.property(headerLike, (bytes) => {
        try {
          const envelope = decodeEnvelope(bytes);
          expect(envelope.body.byteLength).toBe(bytes.byteLength - HEADER_BYTES - (bytes[3] ?? 0));
        } catch (err) {
          expectMalformed(err);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it("round-trips every field of an encoded envelope", () => {
    fc.assert(
      fc.property(
        fc
          .record({
            kind: fc.constantFrom(MessageKind.request, MessageKind.response),
            version: fc.integer({ min: 0, max: 255 }),
            status: fc.integer({ min: 0, max: 255 }),
            requestId: fc.integer({ min: 0, max: 0xffffffff }),
            nonce: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
            processingMs: fc.integer({ min: 0, max: 0xffffffff }),
            signature: fc.uint8Array({ minLength: 64, maxLength: 64 }),
            hotkey: fc.string({ minLength: 1, maxLength: 48 }).filter((s) => Buffer.byteLength(s) <= 64),
            body: fc.uint8Array({ maxLength: 200 }),
            signedBy: fc.oneof(
              fc.constant({ scheme: SignatureScheme.hotkey, certificate: null }),
              fc.record({
                scheme: fc.constant(SignatureScheme.session),
                certificate: fc.record({
                  sessionKey: fc.uint8Array({ minLength: 32, maxLength: 32 }),
                  expiresAt: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
                  signature: fc.uint8Array({ minLength: 64, maxLength: 64 }),
                }),
              }),
            ),
          })
          .map(({ signedBy, ...rest }) => ({ ...rest, ...signedBy })),
        (envelope) => {
          const back = decodeEnvelope(encodeEnvelope(envelope));
          expect({ ...back, signature: [...back.signature], body: [...back.body] }).toEqual({
            ...envelope,
            signature: [...envelope.signature],
            body: [...envelope.body],
          });
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("refuses non-JSON bodies as MALFORMED and parses every JSON value it encoded", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), fc.jsonValue(), (bytes, value) => {
        try {
          decodeJsonBody(bytes);
        } catch (err) {
          expectMalformed(err);
          expect(errorMessage(err)).toContain("body is not UTF-8 JSON");
        }
        expect(decodeJsonBody(encodeJsonBody(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ["the hotkey", () => hotkeySigner(alice)],
    ["a session key", () => sessionSigner(alice)],
  ])(
    "no single-byte change of a request signed by %s still verifies (every header field, the certificate and the body are signed)",
    async (_name, signer) => {
      const base = validRequest({ numbers: [1, 2, 3] }, 123_456_789n, 42, signer());
      const original = decodeEnvelope(base);
      expect(await verifyEnvelope(NETUID, original)).toBe(true);
      await fc.assert(
        fc.asyncProperty(fc.nat({ max: base.byteLength - 1 }), fc.integer({ min: 1, max: 255 }), async (at, xor) => {
          const mutated = new Uint8Array(base);
          mutated[at] = (mutated[at] ?? 0) ^ xor;
          let envelope: ReturnType<typeof decodeEnvelope>;
          try {
            envelope = decodeEnvelope(mutated);
          } catch (err) {
            expectMalformed(err);
            return;
          }
          // Byte 0 is the version: not signed, but checked before anything else by the miner.
          if (at === 0) expect(envelope.version).not.toBe(WIRE_VERSION);
          else expect(await verifyEnvelope(NETUID, envelope)).toBe(false);
        }),
        { numRuns: 400 },
      );
    },
  );
});
