import { compactToU8a, u8aConcat } from "@polkadot/util";
import { blake2AsU8a, decodeAddress } from "@polkadot/util-crypto";
import { checkU16, checkU16List, checkU64 } from "./validate.js";

function u16le(v: number): Uint8Array {
  return Uint8Array.of(v & 0xff, v >> 8);
}

function u64le(v: bigint): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, v, true);
  return out;
}

function vecU16(v: number[]): Uint8Array {
  return u8aConcat(compactToU8a(v.length), ...v.map(u16le));
}

/**
 * The commit-reveal hash `commit_weights` expects (chain.md):
 * BlakeTwo256(SCALE(hotkey, netuid, uids, values, salt: Vec<u16>, version_key)).
 */
export function weightsCommitHash(
  hotkey: string,
  netuid: number,
  uids: number[],
  values: number[],
  salt: number[],
  versionKey: bigint,
): Uint8Array {
  const encoded = u8aConcat(
    decodeAddress(hotkey),
    u16le(checkU16("netuid", netuid)),
    vecU16(checkU16List("uids", uids)),
    vecU16(checkU16List("values", values)),
    vecU16(checkU16List("salt", salt)),
    u64le(checkU64("versionKey", versionKey)),
  );
  return blake2AsU8a(encoded, 256);
}
