import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NetworkError } from "../errors.js";
import {
  decodeEnvelope,
  type Envelope,
  encodeEnvelope,
  HEADER_BYTES,
  MessageKind,
  peekHeader,
  peekRequestId,
  SignatureScheme,
  WIRE_VERSION,
} from "./envelope.js";
import { encodeFrame, FrameDecoder } from "./frame.js";

describe("FrameDecoder", () => {
  // Issue 14, case 3: a stream holding part of a frame pinned the transport's whole read buffer.
  it("holds a partial frame in its own bytes, not in the larger buffer the chunk is a view of", () => {
    const decoder = new FrameDecoder(64 * 1024);
    const readBuffer = new Uint8Array(64 * 1024);
    const body = Uint8Array.from({ length: 16 * 1024 - 1 }, (_, i) => i % 251);
    readBuffer.set(encodeFrame(body).subarray(0, 104), 1000);
    expect(decoder.push(readBuffer.subarray(1000, 1104))).toEqual([]);
    expect(decoder.pending).toBe(104);
    expect(decoder.retainedBytes).toBe(104);
    const [message] = decoder.push(encodeFrame(body).subarray(104));
    expect(message).toEqual(body);
    expect(decoder.pending).toBe(0);
  });

  it("returns the same messages however the byte stream is cut", () => {
    fc.assert(
      fc.property(
        fc.array(fc.uint8Array({ maxLength: 300 }), { maxLength: 12 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1 }),
        (messages, cuts) => {
          const bytes = Buffer.concat(messages.map((m) => encodeFrame(m)));
          const decoder = new FrameDecoder(1024);
          const out: Uint8Array[] = [];
          let at = 0;
          let i = 0;
          while (at < bytes.length) {
            const size = cuts[i++ % cuts.length] as number;
            out.push(...decoder.push(bytes.subarray(at, at + size)));
            at += size;
          }
          expect(out.map((m) => Buffer.from(m).toString("hex"))).toEqual(messages.map((m) => Buffer.from(m).toString("hex")));
        },
      ),
    );
  });

  it("refuses an oversized message from its length prefix alone, before the body arrives", () => {
    const decoder = new FrameDecoder(100);
    const prefix = new Uint8Array(4);
    new DataView(prefix.buffer).setUint32(0, 101);
    expect(() => decoder.push(prefix)).toThrow(NetworkError);
    try {
      new FrameDecoder(100).push(prefix);
    } catch (err) {
      expect((err as NetworkError).type).toEqual({ code: "TOO_LARGE", bytes: 101, max: 100 });
    }
  });
});

describe("envelope", () => {
  const sample: Envelope = {
    version: WIRE_VERSION,
    kind: MessageKind.response,
    status: 3,
    requestId: 0xfffffffe,
    nonce: 2n ** 63n + 5n,
    processingMs: 1234,
    signature: new Uint8Array(64).fill(9),
    hotkey: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY",
    scheme: SignatureScheme.hotkey,
    certificate: null,
    body: new TextEncoder().encode('{"sum":3}'),
  };
  const withCertificate: Envelope = {
    ...sample,
    scheme: SignatureScheme.session,
    certificate: { sessionKey: new Uint8Array(32).fill(4), expiresAt: 1_800_000_000_000n, signature: new Uint8Array(64).fill(5) },
  };
  const plain = (e: Envelope) => ({
    ...e,
    signature: [...e.signature],
    body: [...e.body],
    certificate:
      e.certificate === null
        ? null
        : { ...e.certificate, sessionKey: [...e.certificate.sessionKey], signature: [...e.certificate.signature] },
  });

  it("round-trips every field of both signature schemes, and the header can be read before decoding", () => {
    for (const envelope of [sample, withCertificate]) {
      const bytes = encodeEnvelope(envelope);
      expect(peekRequestId(bytes)).toBe(0xfffffffe);
      expect(peekHeader(bytes)).toEqual({ version: WIRE_VERSION, requestId: 0xfffffffe, nonce: 2n ** 63n + 5n });
      expect(plain(decodeEnvelope(bytes))).toEqual(plain(envelope));
    }
    expect(encodeEnvelope(withCertificate).byteLength - encodeEnvelope(sample).byteLength).toBe(104);
  });

  it("refuses a session-signed message cut inside its certificate, and unknown schemes", () => {
    const bytes = encodeEnvelope({ ...withCertificate, body: new Uint8Array(0) });
    expect(() => decodeEnvelope(bytes.subarray(0, bytes.byteLength - 1))).toThrow(/ends inside its session certificate/);
    const unknown = encodeEnvelope(sample);
    unknown[84] = 9;
    expect(() => decodeEnvelope(unknown)).toThrow(/unknown signature scheme 9/);
    expect(() => encodeEnvelope({ ...sample, scheme: SignatureScheme.session })).toThrow(/without a well-formed certificate/);
  });

  it("names what is wrong with a malformed message and never throws anything but NetworkError", () => {
    const bytes = encodeEnvelope(sample);
    const reason = (m: Uint8Array) => {
      try {
        decodeEnvelope(m);
        return "decoded";
      } catch (err) {
        expect(err).toBeInstanceOf(NetworkError);
        return (err as NetworkError).message;
      }
    };
    expect(reason(bytes.subarray(0, 10))).toContain("shorter than the 85-byte header");
    const badKind = bytes.slice();
    badKind[1] = 7;
    expect(reason(badKind)).toContain("unknown message kind 7");
    const badHotkey = bytes.slice();
    badHotkey[3] = 200;
    expect(reason(badHotkey)).toContain("bad hotkey length 200");
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (junk) => {
        const r = reason(junk);
        expect(typeof r).toBe("string");
      }),
    );
    expect(HEADER_BYTES).toBe(85);
  });
});
