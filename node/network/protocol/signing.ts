import { createHash } from "node:crypto";
import type { ChainSigner } from "../../../chain/client/interface.js";
import { type Envelope, SIGNATURE_BYTES } from "./envelope.js";
import { verifySr25519 } from "./sr25519.js";

const DOMAIN = new TextEncoder().encode("meshtensor/query/v1");

/**
 * The bytes a hotkey signs: a domain tag, the subnet, the message kind and status, the request id,
 * the nonce and the SHA-256 of the body. A response carries the nonce of the request it answers,
 * so a recorded response cannot be replayed for another request.
 */
export function signingPayload(netuid: number, envelope: Omit<Envelope, "signature" | "hotkey">): Uint8Array {
  const bodyHash = createHash("sha256").update(envelope.body).digest();
  const out = new Uint8Array(DOMAIN.byteLength + 2 + 1 + 1 + 4 + 8 + 4 + bodyHash.byteLength);
  out.set(DOMAIN, 0);
  const view = new DataView(out.buffer);
  let at = DOMAIN.byteLength;
  view.setUint16(at, netuid);
  at += 2;
  view.setUint8(at, envelope.kind);
  at += 1;
  view.setUint8(at, envelope.status);
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
export function signEnvelope(netuid: number, signer: ChainSigner, unsigned: Omit<Envelope, "signature" | "hotkey">): Envelope {
  const fields = { ...unsigned, processingMs: Math.min(Math.max(0, Math.round(unsigned.processingMs)), 0xffffffff) };
  const signature = signer.sign(signingPayload(netuid, fields));
  return { ...fields, hotkey: signer.address, signature };
}

/** True when the envelope's signature is its hotkey's over its fields. A missing (all-zero) signature fails. */
export async function verifyEnvelope(netuid: number, envelope: Envelope): Promise<boolean> {
  if (envelope.signature.byteLength !== SIGNATURE_BYTES || envelope.signature.every((b) => b === 0)) return false;
  return verifySr25519(envelope.hotkey, signingPayload(netuid, envelope), envelope.signature);
}
