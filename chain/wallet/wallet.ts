import { readdir } from "node:fs/promises";
import type { Keyring } from "@polkadot/keyring";
import type { KeyringPair } from "@polkadot/keyring/types";
import { WalletError } from "./errors.js";
import {
  type KeystoreJson,
  keystoreSchema,
  type PublicKeyJson,
  publicKeySchema,
  readJsonFile,
  writeJsonAtomic,
} from "./keyfile.js";
import { walletPaths } from "./paths.js";
import { KeyringSigner, loadCrypto, SS58_PREFIX } from "./signer.js";

export interface CreatedKey {
  address: string;
  /** Returned once so the caller can show it on request; never logged or stored in clear. */
  mnemonic: string;
}

export interface WalletSummary {
  name: string;
  coldkey: string | null;
  hotkeys: Array<{ name: string; address: string | null }>;
}

/** Hard derivations of the public dev phrase, e.g. //Alice or //Alice//stash. */
const DEV_URI = /^(\/\/[A-Za-z0-9_-]+)+$/;

async function keyring(): Promise<Keyring> {
  const { Keyring, cryptoWaitReady } = await loadCrypto();
  await cryptoWaitReady();
  return new Keyring({ type: "sr25519", ss58Format: SS58_PREFIX });
}

async function pairFromMnemonic(mnemonic: string | undefined): Promise<{ pair: KeyringPair; mnemonic: string }> {
  const kr = await keyring();
  const { mnemonicGenerate, mnemonicValidate } = await loadCrypto();
  const phrase = mnemonic?.trim().split(/\s+/).join(" ") ?? mnemonicGenerate(12);
  // A dev key such as //Alice (derived from the public dev phrase): what dev chains fund at genesis.
  if (DEV_URI.test(phrase)) return { pair: kr.addFromUri(phrase), mnemonic: phrase };
  if (!mnemonicValidate(phrase))
    throw new WalletError(
      { code: "INVALID_MNEMONIC" },
      "invalid mnemonic: not a BIP39 phrase with a valid checksum, nor a dev key such as //Alice",
    );
  return { pair: kr.addFromUri(phrase), mnemonic: phrase };
}

async function publicJson(pair: KeyringPair): Promise<PublicKeyJson> {
  const { u8aToHex } = await loadCrypto();
  return { address: pair.address, publicKey: u8aToHex(pair.publicKey), ss58Format: SS58_PREFIX, keyType: "sr25519" };
}

async function exists(path: string): Promise<boolean> {
  return (await readJsonFile(path, keystoreSchema).catch(() => "corrupt")) !== null;
}

/**
 * Create (or with `mnemonic`, regenerate) a wallet's coldkey: keystore JSON encrypted with
 * `password` plus the public `coldkeypub.json`. Refuses to overwrite unless asked.
 */
export async function createColdkey(opts: {
  root: string;
  wallet: string;
  password: string;
  mnemonic?: string;
  overwrite?: boolean;
}): Promise<CreatedKey> {
  const paths = walletPaths(opts.root, opts.wallet);
  if (!opts.overwrite && (await exists(paths.coldkey))) {
    throw new WalletError(
      { code: "WALLET_EXISTS", wallet: opts.wallet, path: paths.dir },
      `wallet "${opts.wallet}" already has a coldkey (use --overwrite to replace it)`,
    );
  }
  const { pair, mnemonic } = await pairFromMnemonic(opts.mnemonic);
  pair.setMeta({ name: `${opts.wallet}/coldkey` });
  const json = pair.toJson(opts.password);
  await writeJsonAtomic(paths.coldkey, json);
  await writeJsonAtomic(paths.coldkeypub, await publicJson(pair));
  return { address: pair.address, mnemonic };
}

/**
 * Create (or regenerate) a hotkey. Hotkeys are stored unencrypted (keystore encoding "none") by
 * default, as in Bittensor, because a running miner/validator signs with them unattended; pass a
 * password to encrypt one.
 */
export async function createHotkey(opts: {
  root: string;
  wallet: string;
  hotkey: string;
  mnemonic?: string;
  password?: string;
  overwrite?: boolean;
}): Promise<CreatedKey> {
  const paths = walletPaths(opts.root, opts.wallet);
  const file = paths.hotkey(opts.hotkey);
  if (!opts.overwrite && (await exists(file))) {
    throw new WalletError(
      { code: "HOTKEY_EXISTS", wallet: opts.wallet, hotkey: opts.hotkey, path: file },
      `hotkey "${opts.hotkey}" of wallet "${opts.wallet}" already exists (use --overwrite to replace it)`,
    );
  }
  const { pair, mnemonic } = await pairFromMnemonic(opts.mnemonic);
  pair.setMeta({ name: `${opts.wallet}/${opts.hotkey}` });
  await writeJsonAtomic(file, pair.toJson(opts.password));
  return { address: pair.address, mnemonic };
}

/** The coldkey's address from `coldkeypub.json` (no password needed). */
export async function readColdkeyPub(root: string, wallet: string): Promise<string> {
  const paths = walletPaths(root, wallet);
  const pub = await readJsonFile(paths.coldkeypub, publicKeySchema);
  if (!pub) {
    throw new WalletError({ code: "WALLET_NOT_FOUND", wallet, path: paths.dir }, `wallet "${wallet}" not found in ${paths.dir}`);
  }
  return pub.address;
}

/** Decode a keystore JSON into a signer; distinguishes a wrong password from a damaged file. */
async function unlock(json: KeystoreJson, file: string, wallet: string, password: string | undefined): Promise<KeyringSigner> {
  const kr = await keyring();
  const { decodeAddress, u8aEq } = await loadCrypto();
  let pair: KeyringPair;
  let expected: Uint8Array;
  try {
    expected = decodeAddress(json.address);
    pair = kr.addFromJson(json as Parameters<Keyring["addFromJson"]>[0]);
  } catch {
    throw new WalletError(
      { code: "CORRUPT_KEYFILE", path: file, reason: "address: not a valid SS58 address" },
      `corrupt key file ${file}: bad address`,
    );
  }
  const encrypted = json.encoding.type.includes("xsalsa20-poly1305") || json.encoding.type.includes("scrypt");
  if (encrypted && (password === undefined || password === "")) {
    throw new WalletError(
      { code: "PASSWORD_REQUIRED", wallet },
      `wallet "${wallet}" is encrypted: give its password (env MESHTENSOR_PASSWORD in non-interactive use)`,
    );
  }
  try {
    pair.decodePkcs8(encrypted ? password : undefined);
  } catch (err) {
    const msg = err instanceof Error ? err.message : "";
    if (encrypted && /passphrase|password/i.test(msg)) {
      throw new WalletError({ code: "WRONG_PASSWORD", wallet }, `wrong password for wallet "${wallet}"`);
    }
    throw new WalletError(
      { code: "CORRUPT_KEYFILE", path: file, reason: "encoded: cannot decode key" },
      `corrupt key file ${file}: cannot decode key`,
    );
  }
  if (!u8aEq(pair.publicKey, expected)) {
    throw new WalletError(
      { code: "CORRUPT_KEYFILE", path: file, reason: "address: does not match the decoded key" },
      `corrupt key file ${file}: address does not match the key`,
    );
  }
  return new KeyringSigner(pair);
}

/** Unlock a wallet's coldkey with its password. */
export async function loadColdkey(root: string, wallet: string, password: string | undefined): Promise<KeyringSigner> {
  const paths = walletPaths(root, wallet);
  const json = await readJsonFile(paths.coldkey, keystoreSchema);
  if (!json) {
    throw new WalletError({ code: "WALLET_NOT_FOUND", wallet, path: paths.dir }, `wallet "${wallet}" not found in ${paths.dir}`);
  }
  return unlock(json, paths.coldkey, wallet, password);
}

/** Load a hotkey (unencrypted unless it was created with a password). */
export async function loadHotkey(root: string, wallet: string, hotkey: string, password?: string): Promise<KeyringSigner> {
  const paths = walletPaths(root, wallet);
  const file = paths.hotkey(hotkey);
  const json = await readJsonFile(file, keystoreSchema);
  if (!json) {
    throw new WalletError(
      { code: "HOTKEY_NOT_FOUND", wallet, hotkey, path: file },
      `hotkey "${hotkey}" of wallet "${wallet}" not found (${file})`,
    );
  }
  return unlock(json, file, wallet, password);
}

/** A hotkey's address without decoding its secret. */
export async function readHotkeyAddress(root: string, wallet: string, hotkey: string): Promise<string> {
  const paths = walletPaths(root, wallet);
  const file = paths.hotkey(hotkey);
  const json = await readJsonFile(file, keystoreSchema);
  if (!json) {
    throw new WalletError(
      { code: "HOTKEY_NOT_FOUND", wallet, hotkey, path: file },
      `hotkey "${hotkey}" of wallet "${wallet}" not found (${file})`,
    );
  }
  return json.address;
}

async function listDir(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw err;
  }
}

/** Every wallet under `root` with its public addresses; a damaged file shows as a null address. */
export async function listWallets(root: string): Promise<WalletSummary[]> {
  const out: WalletSummary[] = [];
  for (const name of await listDir(root)) {
    let paths: ReturnType<typeof walletPaths>;
    try {
      paths = walletPaths(root, name);
    } catch {
      continue;
    }
    const pub = await readJsonFile(paths.coldkeypub, publicKeySchema).catch(() => null);
    const hotkeys: WalletSummary["hotkeys"] = [];
    for (const file of await listDir(paths.hotkeysDir)) {
      if (!file.endsWith(".json")) continue;
      const hk = file.slice(0, -".json".length);
      const json = await readJsonFile(paths.hotkey(hk), keystoreSchema).catch(() => null);
      hotkeys.push({ name: hk, address: json?.address ?? null });
    }
    out.push({ name, coldkey: pub?.address ?? null, hotkeys });
  }
  return out;
}
