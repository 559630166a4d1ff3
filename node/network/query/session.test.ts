import { beforeAll, describe, expect, it } from "vitest";
import { type KeyringSigner, signerFromUri } from "../../../chain/wallet/signer.js";
import { decodeEnvelope, encodeEnvelope, MessageKind, SignatureScheme, WIRE_VERSION } from "./envelope.js";
import { certificatePayload, MAX_CERTIFICATE_MS, SESSION_VALIDITY_MS } from "./session.js";
import { checkEnvelopeSignature, sessionSigner, signEnvelope } from "./signing.js";
import { initSr25519, verifySr25519 } from "./sr25519.js";

const NETUID = 3;
let alice: KeyringSigner;
let bob: KeyringSigner;
beforeAll(async () => {
  await initSr25519();
  alice = await signerFromUri("//Alice");
  bob = await signerFromUri("//Bob");
});

const request = (nonce: bigint) => ({
  version: WIRE_VERSION,
  kind: MessageKind.request,
  status: 0,
  requestId: 9,
  nonce,
  processingMs: 0,
  body: new TextEncoder().encode('{"x":1}'),
});

describe("session-key signatures", () => {
  it("a recorded message verifies from its bytes alone: certificate by the hotkey, message by the certified key", async () => {
    const bytes = encodeEnvelope(signEnvelope(NETUID, sessionSigner(alice), request(1n)));
    const envelope = decodeEnvelope(bytes);
    expect(envelope.scheme).toBe(SignatureScheme.session);
    expect(envelope.hotkey).toBe(alice.address);
    expect(await checkEnvelopeSignature(NETUID, envelope)).toBeNull();
    // The certificate is the hotkey's own sr25519 signature over (session key, expiry).
    const certificate = envelope.certificate;
    if (certificate === null) throw new Error("no certificate");
    const payload = certificatePayload(certificate.sessionKey, certificate.expiresAt);
    expect(await verifySr25519(alice.address, payload, certificate.signature)).toBe(true);
    expect(await verifySr25519(bob.address, payload, certificate.signature)).toBe(false);
  });

  it("refuses another hotkey's certificate, a tampered message, and a message for another subnet", async () => {
    const signed = signEnvelope(NETUID, sessionSigner(bob), request(2n));
    // Bob's certificate and key, claimed for Alice: the certificate does not verify under Alice.
    expect(await checkEnvelopeSignature(NETUID, { ...signed, hotkey: alice.address })).toMatch(
      /session certificate is not signed by hotkey/,
    );
    expect(await checkEnvelopeSignature(NETUID, { ...signed, nonce: 3n })).toBe("signature does not match the session key");
    expect(await checkEnvelopeSignature(NETUID + 1, signed)).toBe("signature does not match the session key");
    // A key certified by Bob cannot carry a certificate of Alice's (a swapped key fails the certificate).
    const aliceSigned = signEnvelope(NETUID, sessionSigner(alice), request(4n));
    const swapped = { ...aliceSigned, certificate: { ...signed.certificate!, signature: aliceSigned.certificate!.signature } };
    expect(await checkEnvelopeSignature(NETUID, swapped)).toMatch(/not signed by hotkey/);
  });

  it("refuses an expired certificate and one that claims to last past the limit; renews the key at half its life", async () => {
    let clock = 1_700_000_000_000;
    const signer = sessionSigner(alice, () => clock);
    const first = signEnvelope(NETUID, signer, request(5n));
    expect(first.certificate?.expiresAt).toBe(BigInt(clock + SESSION_VALIDITY_MS));
    expect(await checkEnvelopeSignature(NETUID, first, clock)).toBeNull();
    expect(await checkEnvelopeSignature(NETUID, first, clock + SESSION_VALIDITY_MS)).toMatch(/session certificate expired/);

    // Past half its life a new key is made; messages signed by the old one still verify until it expires.
    clock += SESSION_VALIDITY_MS / 2;
    const second = signEnvelope(NETUID, signer, request(6n));
    expect(Buffer.from(second.certificate?.sessionKey ?? []).equals(Buffer.from(first.certificate?.sessionKey ?? []))).toBe(
      false,
    );
    expect(await checkEnvelopeSignature(NETUID, first, clock)).toBeNull();
    expect(await checkEnvelopeSignature(NETUID, second, clock)).toBeNull();

    // A certificate from a signer whose clock runs far ahead lasts past the verifier's limit.
    const ahead = signEnvelope(
      NETUID,
      sessionSigner(alice, () => clock + MAX_CERTIFICATE_MS),
      request(7n),
    );
    expect(await checkEnvelopeSignature(NETUID, ahead, clock)).toMatch(/lasts past the 48 h limit/);
  });

  it("refuses a missing (all-zero) signature and a session scheme without a certificate", async () => {
    const signed = signEnvelope(NETUID, sessionSigner(alice), request(8n));
    expect(await checkEnvelopeSignature(NETUID, { ...signed, signature: new Uint8Array(64) })).toBe("missing signature");
    expect(await checkEnvelopeSignature(NETUID, { ...signed, certificate: null })).toBe(
      "session signature without a certificate",
    );
  });
});
