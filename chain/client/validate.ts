import { u8aToHex } from "@polkadot/util";
import { hyperparameterKind } from "./convert.js";
import { invalidArgument } from "./errors.js";
import type { AxonEndpointInput } from "./interface.js";
import type { HyperparameterName, Hyperparameters } from "./types.js";

/** Argument checks before anything is signed: a bad value names its field instead of failing in SCALE encoding. */
export function checkU16(field: string, v: number): number {
  if (!Number.isInteger(v) || v < 0 || v > 0xffff) throw invalidArgument(field, `must be an integer 0..65535, got ${v}`);
  return v;
}

export function checkU16List(field: string, list: number[]): number[] {
  for (const [i, v] of list.entries()) checkU16(`${field}[${i}]`, v);
  return list;
}

const U64_MAX = (1n << 64n) - 1n;
export function checkU64(field: string, v: bigint): bigint {
  if (typeof v !== "bigint" || v < 0n || v > U64_MAX)
    throw invalidArgument(field, `must be an integer 0..2^64-1, got ${String(v)}`);
  return v;
}

const enc = new TextEncoder();
/** The endpoint as the pallet stores it: UTF-8 text of the peer id and of each multiaddr. */
export function checkEndpoint(e: AxonEndpointInput): Record<string, unknown> {
  if (!e.peerId || enc.encode(e.peerId).length > 64) throw invalidArgument("endpoint.peerId", "must be 1..64 bytes");
  if (e.multiaddrs.length > 8) throw invalidArgument("endpoint.multiaddrs", `at most 8, got ${e.multiaddrs.length}`);
  e.multiaddrs.forEach((m, i) => {
    if (!m.startsWith("/") || enc.encode(m).length > 128)
      throw invalidArgument(`endpoint.multiaddrs[${i}]`, "must start with '/' and be at most 128 bytes");
  });
  if (!Number.isInteger(e.version) || e.version < 0 || e.version > 0xffffffff)
    throw invalidArgument("endpoint.version", "must be a u32");
  if (!Number.isInteger(e.protocol) || e.protocol < 0 || e.protocol > 0xff)
    throw invalidArgument("endpoint.protocol", "must be a u8");
  // Hex, not Uint8Array: polkadot-js reads a Uint8Array given for `Bytes` as already SCALE-encoded.
  return {
    peerId: u8aToHex(enc.encode(e.peerId)),
    multiaddrs: e.multiaddrs.map((m) => u8aToHex(enc.encode(m))),
    version: e.version,
    protocol: e.protocol,
  };
}

/** `Hyperparameter` enum argument, e.g. `{ Tempo: 10 }`, with the value's type checked. */
export function hyperparameterArg<K extends HyperparameterName>(name: K, value: Hyperparameters[K]): Record<string, unknown> {
  const kind = hyperparameterKind(name);
  if (kind === "bigint") checkU64(name, value as bigint);
  else if (kind === "boolean") {
    if (typeof value !== "boolean") throw invalidArgument(name, "must be true or false");
  } else if (kind === "i16") {
    const v = value as number;
    if (!Number.isInteger(v) || v < -32768 || v > 32767)
      throw invalidArgument(name, `must be an integer -32768..32767, got ${String(value)}`);
  } else checkU16(name, value as number);
  return { [name.charAt(0).toUpperCase() + name.slice(1)]: value };
}
