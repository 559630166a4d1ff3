import { beforeAll, describe, expect, it } from "vitest";
import { type KeyringSigner, signerFromUri, verifySignature } from "../../../chain/wallet/signer.js";
import { initSr25519, messageSigner, verifySr25519 } from "./sr25519.js";

let alice: KeyringSigner;
let bob: KeyringSigner;
beforeAll(async () => {
  await initSr25519();
  alice = await signerFromUri("//Alice");
  bob = await signerFromUri("//Bob");
});

describe("sr25519 fast path", () => {
  it("signs with the hotkey's own key: polkadot verifies the wasm signature and the wasm verifier accepts polkadot's", async () => {
    const message = new TextEncoder().encode("request 1, nonce 2");
    const fast = messageSigner(alice);
    expect(fast).not.toBe(alice);
    expect(fast.address).toBe(alice.address);
    expect(await verifySignature(alice.address, message, fast.sign(message))).toBe(true);
    expect(await verifySr25519(alice.address, message, alice.sign(message))).toBe(true);
  });

  it("refuses a signature by another key, over other bytes, or of the wrong length, and bad addresses", async () => {
    const message = Uint8Array.of(1, 2, 3);
    const signature = messageSigner(alice).sign(message);
    expect(await verifySr25519(bob.address, message, signature)).toBe(false);
    expect(await verifySr25519(alice.address, Uint8Array.of(1, 2, 4), signature)).toBe(false);
    expect(await verifySr25519(alice.address, message, signature.subarray(0, 63))).toBe(false);
    expect(await verifySr25519("not-an-address", message, signature)).toBe(false);
  });

  it("falls back to the signer's own sign() when it is not a keyring pair", () => {
    const plain = { address: alice.address, sign: (m: Uint8Array) => alice.sign(m) };
    expect(messageSigner(plain)).toBe(plain);
  });
});
