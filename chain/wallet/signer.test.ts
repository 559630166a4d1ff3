import { describe, expect, it } from "vitest";
import { signerFromUri, verifySignature } from "./signer.js";

describe("hotkey signatures", () => {
  it("verifies the signer's own signature and refuses another key's or a tampered message", async () => {
    const alice = await signerFromUri("//Alice");
    const bob = await signerFromUri("//Bob");
    const message = new TextEncoder().encode("request 7, nonce 42");
    const signature = alice.sign(message);
    expect(alice.address).toBe("5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY");
    expect(await verifySignature(alice.address, message, signature)).toBe(true);
    expect(await verifySignature(bob.address, message, signature)).toBe(false);
    const tampered = new TextEncoder().encode("request 7, nonce 43");
    expect(await verifySignature(alice.address, tampered, signature)).toBe(false);
    expect(await verifySignature("not-an-address", message, signature)).toBe(false);
  });
});
