import { generateKeyPairFromSeed } from "@libp2p/crypto/keys";
import type { Ed25519PrivateKey } from "@libp2p/interface";
import { peerIdFromPrivateKey, peerIdFromString } from "@libp2p/peer-id";
import { NetworkError } from "./errors.js";

/** Bytes of the Ed25519 seed a node's libp2p identity is derived from (what node/identity stores). */
export const PEER_KEY_SEED_BYTES = 32;

export async function privateKeyFromSeed(seed: Uint8Array): Promise<Ed25519PrivateKey> {
  if (seed.byteLength !== PEER_KEY_SEED_BYTES) {
    throw new NetworkError({
      code: "MALFORMED",
      reason: `peer key seed must be ${PEER_KEY_SEED_BYTES} bytes, got ${seed.byteLength}`,
    });
  }
  return generateKeyPairFromSeed("Ed25519", seed);
}

/** The peer id (base58btc) a seed gives, without starting a node. */
export async function peerIdFromSeed(seed: Uint8Array): Promise<string> {
  return peerIdFromPrivateKey(await privateKeyFromSeed(seed)).toString();
}

/** Throws BAD_PEER_ID unless `value` parses as a libp2p peer id. */
export function assertPeerId(value: string): void {
  try {
    peerIdFromString(value);
  } catch (err) {
    throw new NetworkError({ code: "BAD_PEER_ID", value }, undefined, { cause: err });
  }
}
