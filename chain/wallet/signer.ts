import type { KeyringPair } from "@polkadot/keyring/types";
import type { ChainSigner } from "../client/interface.js";

/**
 * The polkadot-js key code, loaded on first use: about 1.5 s of imports on the 2-core build
 * machine that `wallet list`, `--help` and every read-only command do without (issue 16).
 */
export async function loadCrypto() {
  const [keyring, util, utilCrypto] = await Promise.all([
    import("@polkadot/keyring"),
    import("@polkadot/util"),
    import("@polkadot/util-crypto"),
  ]);
  return {
    Keyring: keyring.Keyring,
    u8aEq: util.u8aEq,
    u8aToHex: util.u8aToHex,
    cryptoWaitReady: utilCrypto.cryptoWaitReady,
    decodeAddress: utilCrypto.decodeAddress,
    mnemonicGenerate: utilCrypto.mnemonicGenerate,
    mnemonicValidate: utilCrypto.mnemonicValidate,
    signatureVerify: utilCrypto.signatureVerify,
  };
}

/** SS58 prefix of meshtensor addresses (the generic Substrate one, as Bittensor uses). */
export const SS58_PREFIX = 42;

/**
 * A ChainSigner backed by an sr25519 keyring pair. `chain/client` reads `pair` to sign
 * extrinsics; everything else only sees `address` and `sign`.
 */
export class KeyringSigner implements ChainSigner {
  constructor(readonly pair: KeyringPair) {}

  get address(): string {
    return this.pair.address;
  }

  sign(message: Uint8Array): Uint8Array {
    return this.pair.sign(message);
  }
}

/** Signer from a secret URI such as "//Alice" or a mnemonic (dev and tests; wallets load keyfiles). */
export async function signerFromUri(uri: string): Promise<KeyringSigner> {
  const { Keyring, cryptoWaitReady } = await loadCrypto();
  await cryptoWaitReady();
  const keyring = new Keyring({ type: "sr25519", ss58Format: SS58_PREFIX });
  return new KeyringSigner(keyring.addFromUri(uri));
}

/** True when `signature` is `address`'s valid sr25519 signature over `message`. Never throws. */
export async function verifySignature(address: string, message: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const { cryptoWaitReady, signatureVerify } = await loadCrypto();
  await cryptoWaitReady();
  try {
    return signatureVerify(message, signature, address).isValid;
  } catch {
    return false;
  }
}

/** True when `text` is an SS58 address (any prefix) with a valid checksum. Never throws. */
export async function isAddress(text: string): Promise<boolean> {
  const { decodeAddress } = await loadCrypto();
  try {
    return decodeAddress(text).length === 32;
  } catch {
    return false;
  }
}
