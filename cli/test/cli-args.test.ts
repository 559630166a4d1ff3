import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createColdkey, createHotkey } from "../../chain/wallet/index.js";
import { formatTokens, parseTokens } from "../amount.js";
import { stringifyExact } from "../json.js";
import { runCli } from "../program.js";
import { captureDeps, type FakeCall, fakeClient } from "./fake-client.js";

let home: string;
let coldkey: string;
let hotkey: string;
const env = () => ({ MESHTENSOR_HOME: home, MESHTENSOR_PASSWORD: "pw" });

beforeAll(async () => {
  home = await mkdtemp(join(tmpdir(), "mt-cli-"));
  coldkey = (await createColdkey({ root: join(home, "wallets"), wallet: "default", password: "pw" })).address;
  hotkey = (await createHotkey({ root: join(home, "wallets"), wallet: "default", hotkey: "default" })).address;
});
afterAll(async () => {
  await rm(home, { recursive: true, force: true });
});

async function run(argv: string[], envOverride?: NodeJS.ProcessEnv) {
  const calls: FakeCall[] = [];
  const cap = captureDeps(fakeClient(calls), envOverride ?? env());
  const code = await runCli(argv, cap.deps);
  return { code, calls, out: cap.out(), err: cap.err() };
}

describe("amounts", () => {
  it("parses token decimals exactly and prints them back", () => {
    expect(parseTokens("a", "1.5")).toBe(1_500_000_000n);
    expect(parseTokens("a", "0.000000001")).toBe(1n);
    expect(parseTokens("a", "18446744073")).toBe(18_446_744_073_000_000_000n);
    expect(() => parseTokens("--amount", "1.0000000001")).toThrow(/--amount: at most 9 decimals/);
    expect(() => parseTokens("--amount", "-1")).toThrow(/--amount/);
    expect(formatTokens(1_500_000_000n)).toBe("1.5");
    expect(formatTokens(21_000_000_000_000_000n)).toBe("21000000");
    expect(stringifyExact({ a: 18446744073709551615n, b: "x" })).toBe('{"a":18446744073709551615,"b":"x"}');
  });
});

describe("CLI argument handling (fake chain client)", () => {
  it("stake add: tokens to base units, the wallet's hotkey, signed by the coldkey", async () => {
    const r = await run(["stake", "add", "--amount", "1.5"]);
    expect(r.code).toBe(0);
    expect(r.calls).toEqual([{ method: "addStake", signer: coldkey, args: [hotkey, 1_500_000_000n] }]);
    expect(r.out).toContain("staked 1.5");
  });

  it("--json prints base units as exact integers", async () => {
    const r = await run(["stake", "remove", "--amount", "2", "--hotkey-address", "5Delegate", "--json"]);
    expect(r.code).toBe(0);
    expect(r.calls[0]).toMatchObject({ method: "removeStake", args: ["5Delegate", 2_000_000_000n] });
    expect(JSON.parse(r.out)).toMatchObject({ amount: 2000000000, hotkey: "5Delegate", blockNumber: 7 });
  });

  it("weights set: lists parsed, the hotkey signs, mismatched lengths exit 2 naming the flag", async () => {
    const ok = await run(["weights", "set", "1", "--uids", "0,1", "--values", "65535,100", "--version-key", "3"]);
    expect(ok.code).toBe(0);
    expect(ok.calls).toEqual([{ method: "setWeights", signer: hotkey, args: [1, [0, 1], [65535, 100], 3n] }]);
    const bad = await run(["weights", "set", "1", "--uids", "0,1", "--values", "1"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/^error: --values: 1 values for 2 uids\n$/);
    const big = await run(["weights", "set", "1", "--uids", "0", "--values", "70000"]);
    expect(big.code).toBe(2);
    expect(big.err).toContain("--values[0]");
    expect(big.calls).toEqual([]);
  });

  it("subnet set: parses the hyperparameter by type (tokens for burns, snake_case accepted)", async () => {
    const r = await run(["subnet", "set", "2", "max_burn", "1.5"]);
    expect(r.code).toBe(0);
    expect(r.calls[0]).toMatchObject({ method: "setHyperparameter", signer: coldkey, args: [2, "maxBurn", 1_500_000_000n] });
    const b = await run(["subnet", "set", "2", "commitRevealEnabled", "yes"]);
    expect(b.code).toBe(2);
    expect(b.err).toContain("commitRevealEnabled: must be true or false");
    const u = await run(["subnet", "set", "2", "nope", "1"]);
    expect(u.code).toBe(2);
    expect(u.err).toContain('unknown hyperparameter "nope"');
  });

  it("delegate take picks decrease or increase from the current take", async () => {
    const r = await run(["delegate", "take", "--take", "10%", "--hotkey-address", "x"]);
    // unknown option -> usage error
    expect(r.code).toBe(2);
    const dec = await run(["delegate", "take", "--take", "10%"]);
    // The fake's only delegate is 5Hot, not our hotkey: a clear failure, exit 1.
    expect(dec.code).toBe(1);
    expect(dec.err).toContain("is not a delegate");
  });

  it("weights commit sends the BlakeTwo256 hash of the SCALE tuple and prints the salt", async () => {
    const r = await run(["weights", "commit", "1", "--uids", "0", "--values", "1", "--salt", "5,6", "--json"]);
    expect(r.code).toBe(0);
    const hash = r.calls[0]?.args[1] as Uint8Array;
    expect(hash).toHaveLength(32);
    expect(JSON.parse(r.out)).toMatchObject({ salt: [5, 6], commitHash: `0x${Buffer.from(hash).toString("hex")}` });
  });

  it("a missing password for the coldkey is a one-line error, exit 1, nothing submitted", async () => {
    const r = await run(["subnet", "create"], { MESHTENSOR_HOME: home });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^error: wallet "default" is encrypted: give its password/);
    expect(r.calls).toEqual([]);
    const wrong = await run(["subnet", "create"], { MESHTENSOR_HOME: home, MESHTENSOR_PASSWORD: "nope" });
    expect(wrong.err).toBe('error: wrong password for wallet "default"\n');
  });

  it("every command has --help with an example", async () => {
    for (const argv of [
      ["wallet", "create"],
      ["subnet", "metagraph"],
      ["stake", "add"],
      ["delegate", "list"],
      ["root", "weights"],
      ["weights", "reveal"],
      ["yuma", "simulate"],
      ["devchain"],
    ]) {
      const r = await run([...argv, "--help"]);
      expect(r.code, argv.join(" ")).toBe(0);
      expect(r.out, argv.join(" ")).toMatch(/Examples?:\n {2}\$ .*meshtensor /);
      if (argv[0] !== "devchain") expect(r.out).toContain("--json");
    }
  });

  it("wallet new-hotkey adds a hotkey to an existing wallet, and refuses a missing wallet", async () => {
    const r = await run(["wallet", "new-hotkey", "--hotkey", "second", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ wallet: "default", coldkey, hotkey: { name: "second" } });
    expect(JSON.parse(r.out).hotkeyMnemonic).toBeUndefined();
    const list = await run(["wallet", "list", "--json"]);
    expect(JSON.parse(list.out)[0].hotkeys.map((h: { name: string }) => h.name)).toEqual(["default", "second"]);
    const missing = await run(["wallet", "new-hotkey", "--wallet", "ghost"]);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/^error: wallet "ghost" not found/);
  });

  it("an unknown command or a missing argument exits 2", async () => {
    expect((await run(["subnet", "frobnicate"])).code).toBe(2);
    expect((await run(["subnet", "show"])).code).toBe(2);
    expect((await run(["subnet", "show", "abc"])).err).toContain('netuid: "abc" is not a non-negative integer');
  });
});

describe("wallet regen with a dev key", () => {
  it("accepts //Alice where a mnemonic goes (the dev chain's funded account) and names a bad one", async () => {
    const r = await run(["wallet", "regen", "--wallet", "devalice", "--mnemonic", "//Alice", "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual({ wallet: "devalice", coldkey: "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY" });
    const human = await run(["wallet", "regen", "--wallet", "devbob", "--mnemonic", "//Bob"]);
    expect(human.out).toContain("(a public dev key: for dev chains only)");
    const bad = await run(["wallet", "regen", "--wallet", "x", "--mnemonic", "//Alice and more"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe("error: invalid mnemonic: not a BIP39 phrase with a valid checksum, nor a dev key such as //Alice\n");
  });
});
