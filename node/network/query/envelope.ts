import { errorMessage } from "../../../lib/errors.js";
import { NetworkError } from "../errors.js";
import { CERTIFICATE_BYTES, CERTIFICATE_SIGNATURE_BYTES, SESSION_KEY_BYTES, type SessionCertificate } from "./session.js";

/**
 * One query message (request or response) as it travels inside a frame. Binary header, then the
 * body: the subnet payload as UTF-8 JSON (or `{"error": ...}` on a refused response).
 *
 *   0 version u8 | 1 kind u8 | 2 status u8 | 3 hotkey length u8 | 4 request id u32 |
 *   8 nonce u64 | 16 processing ms u32 | 20 signature [64] | 84 scheme u8 |
 *   85 hotkey (ss58 ascii) | scheme 1 only: session key [32], expires at u64 (unix ms),
 *   certificate signature [64] | body
 *
 * Scheme 0: the hotkey's sr25519 signature. Scheme 1: an Ed25519 session key's signature, with
 * the hotkey's certificate for that key (session.ts). Version 1 had no scheme byte.
 */
export const WIRE_VERSION = 2;
export const HEADER_BYTES = 85;
export const SIGNATURE_BYTES = 64;

export const SignatureScheme = { hotkey: 0, session: 1 } as const;
export type SignatureScheme = (typeof SignatureScheme)[keyof typeof SignatureScheme];
const MAX_HOTKEY_BYTES = 64;

export const MessageKind = { request: 1, response: 2 } as const;
export type MessageKind = (typeof MessageKind)[keyof typeof MessageKind];

/** Response status codes; each refusal has its own so a validator can tell them apart. */
export const Status = {
  ok: 0,
  malformed: 1,
  unsupportedVersion: 2,
  notRegistered: 3,
  noPermit: 4,
  lowStake: 5,
  wrongPeer: 6,
  badSignature: 7,
  replayedNonce: 8,
  rateLimited: 9,
  busy: 10,
  timeout: 11,
  handlerError: 12,
  badPayload: 13,
  tooLarge: 14,
  shuttingDown: 15,
  unknownSubnet: 16,
} as const;
export type Status = (typeof Status)[keyof typeof Status];
export type StatusName = keyof typeof Status;

const STATUS_NAMES = new Map<number, StatusName>(Object.entries(Status).map(([name, code]) => [code, name as StatusName]));

export function statusName(status: number): StatusName | "unknown" {
  return STATUS_NAMES.get(status) ?? "unknown";
}

export interface Envelope {
  version: number;
  kind: MessageKind;
  status: number;
  requestId: number;
  nonce: bigint;
  processingMs: number;
  signature: Uint8Array;
  /** SS58 address of the sender's hotkey. */
  hotkey: string;
  scheme: SignatureScheme;
  /** The hotkey's certificate for the key that signed (scheme session), else null. */
  certificate: SessionCertificate | null;
  body: Uint8Array;
}

const textEncoder = new TextEncoder();
const textDecoder = new TextDecoder("utf-8", { fatal: true });

export function encodeEnvelope(envelope: Envelope): Uint8Array {
  const hotkey = textEncoder.encode(envelope.hotkey);
  if (hotkey.byteLength > MAX_HOTKEY_BYTES) throw new NetworkError({ code: "MALFORMED", reason: "hotkey longer than 64 bytes" });
  if (envelope.signature.byteLength !== SIGNATURE_BYTES)
    throw new NetworkError({ code: "MALFORMED", reason: "signature is not 64 bytes" });
  const certificate = envelope.scheme === SignatureScheme.session ? envelope.certificate : null;
  if (envelope.scheme === SignatureScheme.session) {
    if (
      certificate === null ||
      certificate.sessionKey.byteLength !== SESSION_KEY_BYTES ||
      certificate.signature.byteLength !== CERTIFICATE_SIGNATURE_BYTES
    )
      throw new NetworkError({ code: "MALFORMED", reason: "session scheme without a well-formed certificate" });
  } else if (envelope.scheme !== SignatureScheme.hotkey) {
    throw new NetworkError({ code: "MALFORMED", reason: `unknown signature scheme ${envelope.scheme}` });
  }
  const certificateBytes = certificate === null ? 0 : CERTIFICATE_BYTES;
  const bodyAt = HEADER_BYTES + hotkey.byteLength + certificateBytes;
  const out = new Uint8Array(bodyAt + envelope.body.byteLength);
  const view = new DataView(out.buffer);
  view.setUint8(0, envelope.version);
  view.setUint8(1, envelope.kind);
  view.setUint8(2, envelope.status);
  view.setUint8(3, hotkey.byteLength);
  view.setUint32(4, envelope.requestId);
  view.setBigUint64(8, envelope.nonce);
  view.setUint32(16, Math.min(Math.max(0, Math.round(envelope.processingMs)), 0xffffffff));
  out.set(envelope.signature, 20);
  view.setUint8(84, envelope.scheme);
  out.set(hotkey, HEADER_BYTES);
  if (certificate !== null) {
    const at = HEADER_BYTES + hotkey.byteLength;
    out.set(certificate.sessionKey, at);
    view.setBigUint64(at + SESSION_KEY_BYTES, certificate.expiresAt);
    out.set(certificate.signature, at + SESSION_KEY_BYTES + 8);
  }
  out.set(envelope.body, bodyAt);
  return out;
}

/** The request id of a message, or null when it is too short to carry one (read before full decoding). */
export function peekRequestId(message: Uint8Array): number | null {
  if (message.byteLength < 8) return null;
  return new DataView(message.buffer, message.byteOffset, message.byteLength).getUint32(4);
}

/**
 * Version, request id and nonce, which sit at the same offsets in every wire version: enough to
 * answer a message of another version by its id. Null when the message is too short.
 */
export function peekHeader(message: Uint8Array): { version: number; requestId: number; nonce: bigint } | null {
  if (message.byteLength < 16) return null;
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  return { version: view.getUint8(0), requestId: view.getUint32(4), nonce: view.getBigUint64(8) };
}

/** Decodes a message; throws NetworkError MALFORMED naming what is wrong. Does not check the version. */
export function decodeEnvelope(message: Uint8Array): Envelope {
  if (message.byteLength < HEADER_BYTES) {
    throw new NetworkError({
      code: "MALFORMED",
      reason: `message of ${message.byteLength} bytes is shorter than the ${HEADER_BYTES}-byte header`,
    });
  }
  const view = new DataView(message.buffer, message.byteOffset, message.byteLength);
  const kind = view.getUint8(1);
  if (kind !== MessageKind.request && kind !== MessageKind.response) {
    throw new NetworkError({ code: "MALFORMED", reason: `unknown message kind ${kind}` });
  }
  const hotkeyLength = view.getUint8(3);
  if (hotkeyLength === 0 || hotkeyLength > MAX_HOTKEY_BYTES || HEADER_BYTES + hotkeyLength > message.byteLength) {
    throw new NetworkError({ code: "MALFORMED", reason: `bad hotkey length ${hotkeyLength}` });
  }
  let hotkey: string;
  try {
    hotkey = textDecoder.decode(message.subarray(HEADER_BYTES, HEADER_BYTES + hotkeyLength));
  } catch {
    throw new NetworkError({ code: "MALFORMED", reason: "hotkey is not valid UTF-8" });
  }
  const scheme = view.getUint8(84);
  let certificate: SessionCertificate | null = null;
  let bodyAt = HEADER_BYTES + hotkeyLength;
  if (scheme === SignatureScheme.session) {
    if (bodyAt + CERTIFICATE_BYTES > message.byteLength) {
      throw new NetworkError({ code: "MALFORMED", reason: "message ends inside its session certificate" });
    }
    certificate = {
      sessionKey: message.subarray(bodyAt, bodyAt + SESSION_KEY_BYTES),
      expiresAt: view.getBigUint64(bodyAt + SESSION_KEY_BYTES),
      signature: message.subarray(bodyAt + SESSION_KEY_BYTES + 8, bodyAt + CERTIFICATE_BYTES),
    };
    bodyAt += CERTIFICATE_BYTES;
  } else if (scheme !== SignatureScheme.hotkey) {
    throw new NetworkError({ code: "MALFORMED", reason: `unknown signature scheme ${scheme}` });
  }
  return {
    version: view.getUint8(0),
    kind,
    status: view.getUint8(2),
    requestId: view.getUint32(4),
    nonce: view.getBigUint64(8),
    processingMs: view.getUint32(16),
    signature: message.subarray(20, 20 + SIGNATURE_BYTES),
    hotkey,
    scheme,
    certificate,
    body: message.subarray(bodyAt),
  };
}

/** Body bytes as JSON; throws MALFORMED when they are not UTF-8 JSON. */
export function decodeJsonBody(body: Uint8Array): unknown {
  try {
    return JSON.parse(textDecoder.decode(body));
  } catch (err) {
    throw new NetworkError({ code: "MALFORMED", reason: `body is not UTF-8 JSON (${errorMessage(err)})` });
  }
}

export function encodeJsonBody(value: unknown): Uint8Array {
  return textEncoder.encode(JSON.stringify(value, bigintReplacer));
}

function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}
