import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDevChain, type DevChain } from "../../chain/devchain/index.js";

// A third-party client of this ecosystem (Python's substrate-interface, as Bittensor's SDK
// stack uses) against the node: metadata, storage, a runtime API call with a parameter, and a
// signed transfer whose nonce the library fetches itself, included in an instant-sealed block.
describe("a Python Substrate client against meshtensor-node", () => {
  let chain: DevChain;
  let python: string;

  beforeAll(async () => {
    // Creates the venv and installs substrate-interface from PyPI on first use (cached after).
    python = execFileSync("bash", [join("scripts", "python-client-env.sh")], { encoding: "utf8", timeout: 300_000 }).trim();
    chain = createDevChain({ engine: "node", port: 0, mode: "instant" });
    await chain.start();
  });
  afterAll(async () => {
    await chain?.stop();
  });

  it("reads metadata and storage, calls a runtime API, and submits a signed transfer", () => {
    const out = execFileSync(python, [join("test", "chain-node", "python", "client_check.py"), chain.endpoint], {
      encoding: "utf8",
      timeout: 120_000,
    });
    const seen = JSON.parse(out.trim().split("\n").at(-1) ?? "{}");
    expect(seen).toMatchObject({
      has_subnets_pallet: true,
      included: true,
      error: null,
      dave_gained: 3_000_000_000,
    });
    // Both ways to read the nonce agree (the library signs with the RPC's).
    expect(seen.nonce_rpc).toBe(seen.nonce_api);
  });
});
