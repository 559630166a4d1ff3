import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Keyring } from "@polkadot/keyring";
import { cryptoWaitReady } from "@polkadot/util-crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hasErrorCode } from "../../lib/errors.js";
import {
  createColdkey,
  createHotkey,
  listWallets,
  loadColdkey,
  loadHotkey,
  readColdkeyPub,
  resolveWalletRoot,
  verifySignature,
} from "./index.js";

const MNEMONIC = "bottom drive obey lake curtain smoke basket hold race lonely fit walk";
let root: string;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), "mt-wallet-"));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function expectCode(p: Promise<unknown>, code: string): Promise<Error> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(hasErrorCode(err, code), `expected ${code}, got ${String(err)}`).toBe(true);
  return err as Error;
}

describe("wallet keyfiles", () => {
  it("round-trips an encrypted coldkey and signs with it; a wrong password is a typed error", async () => {
    const created = await createColdkey({ root, wallet: "alice", password: "correct horse" });
    expect(created.mnemonic.split(" ")).toHaveLength(12);
    expect(await readColdkeyPub(root, "alice")).toBe(created.address);
    const signer = await loadColdkey(root, "alice", "correct horse");
    expect(signer.address).toBe(created.address);
    const msg = new TextEncoder().encode("hello");
    expect(await verifySignature(created.address, msg, signer.sign(msg))).toBe(true);

    const wrong = await expectCode(loadColdkey(root, "alice", "wrong"), "WRONG_PASSWORD");
    expect(wrong.message).toContain("alice");
    await expectCode(loadColdkey(root, "alice", undefined), "PASSWORD_REQUIRED");
  });

  it("stores files 0600 in the polkadot-js keystore format, the secret encrypted and not in clear", async () => {
    const created = await createColdkey({ root, wallet: "w", password: "pw", mnemonic: MNEMONIC });
    const file = join(root, "w", "coldkey.json");
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const text = await readFile(file, "utf8");
    expect(text).not.toContain("bottom drive");
    const json = JSON.parse(text);
    expect(json.encoding.type).toContain("xsalsa20-poly1305");
    // polkadot-js tools import it with the same password.
    await cryptoWaitReady();
    const pair = new Keyring({ type: "sr25519", ss58Format: 42 }).addFromJson(json);
    pair.decodePkcs8("pw");
    expect(pair.address).toBe(created.address);
    expect(created.address.startsWith("5")).toBe(true);
  });

  it("regenerates the same keys from the mnemonic and refuses to overwrite without asking", async () => {
    const a = await createColdkey({ root, wallet: "w", password: "pw" });
    await expectCode(createColdkey({ root, wallet: "w", password: "pw" }), "WALLET_EXISTS");
    const regen = await createColdkey({ root, wallet: "w2", password: "other", mnemonic: a.mnemonic });
    expect(regen.address).toBe(a.address);
    const hk = await createHotkey({ root, wallet: "w", hotkey: "default" });
    await expectCode(createHotkey({ root, wallet: "w", hotkey: "default" }), "HOTKEY_EXISTS");
    const hk2 = await createHotkey({ root, wallet: "w", hotkey: "default", mnemonic: hk.mnemonic, overwrite: true });
    expect(hk2.address).toBe(hk.address);
    await expectCode(createColdkey({ root, wallet: "w3", password: "pw", mnemonic: "not a real phrase" }), "INVALID_MNEMONIC");
  });

  it("loads unencrypted hotkeys and lists wallets", async () => {
    const c = await createColdkey({ root, wallet: "w", password: "pw" });
    const h = await createHotkey({ root, wallet: "w", hotkey: "miner1" });
    const signer = await loadHotkey(root, "w", "miner1");
    expect(signer.address).toBe(h.address);
    expect(await listWallets(root)).toEqual([
      { name: "w", coldkey: c.address, hotkeys: [{ name: "miner1", address: h.address }] },
    ]);
  });

  it("reports a missing wallet, a missing hotkey, a corrupt file and a bad name as typed errors", async () => {
    await expectCode(loadColdkey(root, "nobody", "pw"), "WALLET_NOT_FOUND");
    await expectCode(readColdkeyPub(root, "nobody"), "WALLET_NOT_FOUND");
    await createColdkey({ root, wallet: "w", password: "pw" });
    await expectCode(loadHotkey(root, "w", "none"), "HOTKEY_NOT_FOUND");
    await writeFile(join(root, "w", "coldkey.json"), "{ not json");
    const err = await expectCode(loadColdkey(root, "w", "pw"), "CORRUPT_KEYFILE");
    expect(err.message).toContain("not valid JSON");
    await writeFile(join(root, "w", "coldkey.json"), JSON.stringify({ address: "x", encoded: "y" }));
    const err2 = await expectCode(loadColdkey(root, "w", "pw"), "CORRUPT_KEYFILE");
    expect(err2.message).toContain("encoding");
    await expectCode(createColdkey({ root, wallet: "../evil", password: "pw" }), "INVALID_NAME");
  });

  it("resolves the wallet root from --wallet-path, then MESHTENSOR_HOME", () => {
    expect(resolveWalletRoot("/x/y", {})).toBe("/x/y");
    expect(resolveWalletRoot(undefined, { MESHTENSOR_HOME: "/m" })).toBe(join("/m", "wallets"));
    expect(resolveWalletRoot(undefined, {})).toMatch(/\.meshtensor[/\\]wallets$/);
  });
});
