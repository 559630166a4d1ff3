import { createHash } from "node:crypto";
import type { ChainSigner } from "../../../chain/client/interface.js";
import { type Envelope, SIGNATURE_BYTES, SignatureScheme } from "./envelope.js";
import { checkSessionSignature, createSessionKeys, type SessionCertificate } from "./session.js";
import { messageSigner, verifySr25519 } from "./sr25519.js";

const DOMAIN = new TextEncoder().encode("meshtensor/query/v1");

/** Which key signs each message: the hotkey itself, or a session key the hotkey certified. */
export type SigningMode = "hotkey" | "session";

/** Signs protocol messages on behalf of a hotkey. */
export interface MessageSigner {
  readonly address: string;
  readonly scheme: SignatureScheme;
  /** The signature over `payload` and the certificate of the key that made it (session scheme). */
  sign(payload: Uint8Array): { signature: Uint8Array; certificate: SessionCertificate | null };
}

/** Every message signed by the hotkey's sr25519 key (wasm fast path when the secret is reachable). */
export function hotkeySigner(signer: ChainSigner): MessageSigner {
  const fast = messageSigner(signer);
  return {
    address: signer.address,
    scheme: SignatureScheme.hotkey,
    sign: (payload) => ({ signature: fast.sign(payload), certificate: null }),
  };
}

/** Every message signed by an Ed25519 session key, certified (and renewed) by the hotkey. */
export function sessionSigner(signer: ChainSigner, now: () => number = Date.now): MessageSigner {
  const keys = createSessionKeys(messageSigner(signer), now);
  return {
    address: signer.address,
    scheme: SignatureScheme.session,
    sign(payload) {
      const key = keys.current();
      return { signature: key.sign(payload), certificate: key.certificate };
    },
  };
}

export function createMessageSigner(signer: ChainSigner, mode: SigningMode): MessageSigner {
  return mode === "session" ? sessionSigner(signer) : hotkeySigner(signer);
}

type SignedFields = Omit<Envelope, "signature" | "hotkey" | "certificate">;

/**
 * The bytes a message's key signs: a domain tag, the subnet, the message kind, status and
 * signature scheme, the request id, the nonce, the processing time and the SHA-256 of the body. A
 * response carries the nonce of the request it answers, so a recorded response cannot be
 * replayed for another request.
 */
export function signingPayload(netuid: number, envelope: SignedFields): Uint8Array {
  const bodyHash = createHash("sha256").update(envelope.body).digest();
  const out = new Uint8Array(DOMAIN.byteLength + 2 + 1 + 1 + 1 + 4 + 8 + 4 + bodyHash.byteLength);
  out.set(DOMAIN, 0);
  const view = new DataView(out.buffer);
  let at = DOMAIN.byteLength;
  view.setUint16(at, netuid);
  at += 2;
  view.setUint8(at, envelope.kind);
  at += 1;
  view.setUint8(at, envelope.status);
  at += 1;
  view.setUint8(at, envelope.scheme);
  at += 1;
  view.setUint32(at, envelope.requestId);
  at += 4;
  view.setBigUint64(at, envelope.nonce);
  at += 8;
  view.setUint32(at, envelope.processingMs);
  at += 4;
  out.set(bodyHash, at);
  return out;
}

/** Builds a signed envelope (processing ms rounded as the wire carries it). */
export function signEnvelope(
  netuid: number,
  signer: MessageSigner,
  unsigned: Omit<Envelope, "signature" | "hotkey" | "scheme" | "certificate">,
): Envelope {
  const fields: SignedFields = {
    ...unsigned,
    scheme: signer.scheme,
    processingMs: Math.min(Math.max(0, Math.round(unsigned.processingMs)), 0xffffffff),
  };
  const { signature, certificate } = signer.sign(signingPayload(netuid, fields));
  return { ...fields, hotkey: signer.address, signature, certificate };
}

/**
 * Null when the envelope is signed by its hotkey (directly, or through a session key the hotkey
 * certified and that has not expired); otherwise what is wrong with the signature. Never throws.
 */
export async function checkEnvelopeSignature(netuid: number, envelope: Envelope, now = Date.now()): Promise<string | null> {
  if (envelope.signature.byteLength !== SIGNATURE_BYTES || envelope.signature.every((b) => b === 0)) {
    return "missing signature";
  }
  const payload = signingPayload(netuid, envelope);
  if (envelope.scheme === SignatureScheme.session) {
    if (envelope.certificate === null) return "session signature without a certificate";
    return checkSessionSignature(envelope.hotkey, envelope.certificate, payload, envelope.signature, now);
  }
  if (envelope.scheme !== SignatureScheme.hotkey) return `unknown signature scheme ${envelope.scheme}`;
  return (await verifySr25519(envelope.hotkey, payload, envelope.signature)) ? null : "signature does not match the hotkey";
}

/** True when the envelope's signature is valid (see checkEnvelopeSignature). */
export async function verifyEnvelope(netuid: number, envelope: Envelope): Promise<boolean> {
  return (await checkEnvelopeSignature(netuid, envelope)) === null;
}
