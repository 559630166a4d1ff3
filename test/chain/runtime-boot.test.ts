// Boot proof for the committed runtime artifacts: chopsticks (in-process, real wasm executor)
// starts from chain/artifacts/chainspec-dev.raw.json, builds blocks on demand, and answers
// JSON-RPC over HTTP on 127.0.0.1. Only chain/client may import @polkadot/api, so this test
// speaks raw JSON-RPC and decodes the few values it checks itself.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { Metadata, TypeRegistry } from "@polkadot/types";
import { hexToU8a, u8aToHex } from "@polkadot/util";
import { blake2AsU8a, cryptoWaitReady, decodeAddress, xxhashAsU8a } from "@polkadot/util-crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signerFromUri } from "../../chain/wallet/signer.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const SPEC = join(ROOT, "chain", "artifacts", "chainspec-dev.raw.json");
const MANIFEST = join(ROOT, "chain", "artifacts", "manifest.json");
/** The dev preset funds //Alice..//Ferdie with 100_000 MESH each (9 decimals). */
const DEV_ENDOWMENT = 100_000n * 1_000_000_000n;
const BLOCKS_TO_TIME = 5;

type Chopsticks = { addr: string; close(): Promise<void> };

let server: Chopsticks | undefined;
let url = "";
let startMs = 0;
let nextId = 1;

async function rpc<T>(method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params }),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${method}: ${body.error.message}`);
  return body.result as T;
}

/** Storage key of a `Blake2_128Concat` map entry: twox128(pallet) ++ twox128(item) ++ blake2_128(k) ++ k. */
function mapKey(pallet: string, item: string, key: Uint8Array): string {
  const parts = [xxhashAsU8a(pallet, 128), xxhashAsU8a(item, 128), blake2AsU8a(key, 128), key];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return u8aToHex(out);
}

function readU64le(bytes: Uint8Array, offset: number): bigint {
  return new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(offset, true);
}

/** Metadata v15 through the runtime API (the version @polkadot/api 16 asks for). */
async function metadataV15(): Promise<Metadata> {
  const raw = await rpc<string>("state_call", ["Metadata_metadata_at_version", "0x0f000000"]);
  // Option<OpaqueMetadata>: the opaque bytes are a RuntimeMetadataPrefixed.
  const registry = new TypeRegistry();
  const opaque = registry.createType("Option<Bytes>", hexToU8a(raw));
  expect(opaque.isSome).toBe(true);
  return new Metadata(registry, opaque.unwrap().toU8a(true));
}

describe("runtime boots in chopsticks from the dev raw spec", () => {
  beforeAll(async () => {
    // chopsticks logs through pino at info level by default; keep test output readable.
    process.env.LOG_LEVEL ??= "error";
    if (!existsSync(SPEC)) throw new Error(`${SPEC} is missing: run scripts/build-runtime.sh`);
    await cryptoWaitReady();
    const { setupWithServer } = await import("@acala-network/chopsticks");
    const t0 = performance.now();
    server = await setupWithServer({
      genesis: SPEC,
      port: 0,
      host: "127.0.0.1",
      "build-block-mode": "Manual",
    } as Parameters<typeof setupWithServer>[0]);
    startMs = performance.now() - t0;
    url = `http://${server.addr}`;
  });

  afterAll(async () => {
    await server?.close();
  });

  it("reports spec name meshtensor and the manifest's spec version", async () => {
    const version = await rpc<{ specName: string; specVersion: number }>("state_getRuntimeVersion");
    expect(version.specName).toBe("meshtensor");
    const manifest = JSON.parse(readFileSync(MANIFEST, "utf8")) as { specVersion: number };
    expect(version.specVersion).toBe(manifest.specVersion);
    const props = await rpc<Record<string, unknown>>("system_properties");
    expect(props).toMatchObject({ tokenSymbol: "MESH", tokenDecimals: 9, ss58Format: 42 });
  });

  it("funds //Alice with the dev preset's endowment", async () => {
    const alice = await signerFromUri("//Alice");
    const key = mapKey("System", "Account", decodeAddress(alice.address));
    const value = await rpc<string | null>("state_getStorage", [key]);
    expect(value).not.toBeNull();
    // AccountInfo: nonce, consumers, providers, sufficients (u32 each), then data.free (u64).
    expect(readU64le(hexToU8a(value as string), 16)).toBe(DEV_ENDOWMENT);
  });

  it("builds blocks on demand, each on top of the last", async () => {
    const before = await rpc<{ number: string }>("chain_getHeader");
    const t0 = performance.now();
    for (let i = 0; i < BLOCKS_TO_TIME; i++) await rpc("dev_newBlock");
    const perBlockMs = (performance.now() - t0) / BLOCKS_TO_TIME;
    const after = await rpc<{ number: string; parentHash: string }>("chain_getHeader");
    expect(Number(after.number)).toBe(Number(before.number) + BLOCKS_TO_TIME);
    const parent = await rpc<string>("chain_getBlockHash", [Number(after.number) - 1]);
    expect(after.parentHash).toBe(parent);
    // Figures for the runtime README (not asserted: timings belong to benchmarks).
    console.log(
      `[runtime-boot] chopsticks start ${startMs.toFixed(0)} ms, ${perBlockMs.toFixed(0)} ms per empty block (${BLOCKS_TO_TIME} blocks)`,
    );
  });

  it("exposes metadata v15 with the standard pallets and runtime APIs", async () => {
    const raw = await rpc<string>("state_call", ["Metadata_metadata_versions", "0x"]);
    const versions = new TypeRegistry().createType("Vec<u32>", hexToU8a(raw)).toJSON();
    expect(versions).toContain(15);
    const md = await metadataV15();
    const v15 = md.asV15;
    const pallets = v15.pallets.map((p) => p.name.toString());
    for (const name of [
      "System",
      "Timestamp",
      "Aura",
      "Grandpa",
      "Balances",
      "TransactionPayment",
      "Sudo",
      "Utility",
      "Subnets",
    ]) {
      expect(pallets).toContain(name);
    }
    const apis = v15.apis.map((a) => a.name.toString());
    for (const name of [
      "Core",
      "Metadata",
      "BlockBuilder",
      "TaggedTransactionQueue",
      "OffchainWorkerApi",
      "AuraApi",
      "GrandpaApi",
      "SessionKeys",
      "AccountNonceApi",
      "TransactionPaymentApi",
      "GenesisBuilder",
      "SubnetsApi",
    ]) {
      expect(apis).toContain(name);
    }
    const subnetsApi = v15.apis.find((a) => a.name.toString() === "SubnetsApi");
    expect(subnetsApi?.methods.map((m) => m.name.toString())).toEqual([
      "get_metagraph",
      "get_subnets",
      "get_delegates",
      "get_stake_info",
      "get_registration_cost",
      "get_network_lock_cost",
      "simulate_yuma",
    ]);
  });
});
