/**
 * `meshtensor wallet faucet` against the real dev chain: a new user's wallet gets tokens from a
 * dev account in one command, and a chain where the dev account holds nothing (as on any real
 * network, where the dev keys are public) is refused before anything is signed.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChainClient, type PolkadotChainClient } from "../../chain/client/index.js";
import { createDevChain, type DevChain } from "../../chain/devchain/index.js";
import { signerFromUri } from "../../chain/wallet/index.js";
import type { CliDeps } from "../context.js";
import { runCli } from "../program.js";
import { parseJsonKeepingBigInts } from "../yuma/bigjson.js";

const TOKEN = 1_000_000_000n;

describe("meshtensor wallet faucet against the dev chain", () => {
  let devchain: DevChain;
  let client: PolkadotChainClient;
  let home: string;
  let coldkey: string;

  async function cli(argv: string[]) {
    let out = "";
    let err = "";
    const deps: CliDeps = {
      io: {
        stdout: { write: (s: string) => (out += s) },
        stderr: { write: (s: string) => (err += s) },
        env: { MESHTENSOR_HOME: home, MESHTENSOR_PASSWORD: "pw" },
      },
      createClient: (endpoint) => createChainClient({ endpoint, connectTimeoutMs: 5000 }),
    };
    const code = await runCli([...argv, "--chain", devchain.endpoint], deps);
    return { code, out, err };
  }

  /** chopsticks' dev RPC over HTTP: makes a dev account hold nothing, as on a real network. */
  async function emptyAccount(address: string): Promise<void> {
    const res = await fetch(devchain.endpoint.replace("ws://", "http://"), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        jsonrpc: "2.0",
        id: 1,
        method: "dev_setStorage",
        params: [{ System: { Account: [[[address], { providers: 1, data: { free: 0 } }]] } }],
      }),
    });
    expect(res.ok).toBe(true);
  }

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "mt-faucet-e2e-"));
    devchain = createDevChain({ port: 0, mode: "instant" });
    await devchain.start();
    client = createChainClient({ endpoint: devchain.endpoint });
    await client.connect();
    const created = await cli(["wallet", "create", "--wallet", "new", "--json"]);
    expect(created.code).toBe(0);
    coldkey = (JSON.parse(created.out) as { coldkey: string }).coldkey;
  });
  afterAll(async () => {
    await client?.close();
    await devchain?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it("funds a new wallet's coldkey from //Alice (1000 tokens by default) and reports the new balance", async () => {
    const r = await cli(["wallet", "faucet", "--wallet", "new", "--json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const alice = (await signerFromUri("//Alice")).address;
    expect(parseJsonKeepingBigInts(r.out)).toMatchObject({
      from: alice,
      dest: coldkey,
      amount: 1_000_000_000_000,
      balance: 1_000_000_000_000,
    });
    expect((await client.getBalance(coldkey)).free).toBe(1000n * TOKEN);

    const human = await cli(["wallet", "faucet", "--wallet", "new", "--amount", "2.5", "--from", "//Bob"]);
    expect(human.code).toBe(0);
    expect(human.out).toMatch(/^funded 5\w+ with 2\.5 from \/\/Bob in block \d+; balance now 1002\.5\n$/);
  });

  it("funds --address, and names the flag of a bad address, dev account or amount (exit 2, nothing sent)", async () => {
    const other = (await signerFromUri("//meshtensor-faucet-test")).address;
    expect((await cli(["wallet", "faucet", "--address", other, "--amount", "3"])).code).toBe(0);
    expect((await client.getBalance(other)).free).toBe(3n * TOKEN);

    const bad = await cli(["wallet", "faucet", "--address", "5notanaddress"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('error: --address: "5notanaddress" is not an SS58 address\n');
    const mallory = await cli(["wallet", "faucet", "--wallet", "new", "--from", "//Mallory"]);
    expect(mallory.code).toBe(2);
    expect(mallory.err).toContain('--from: "//Mallory" is not a dev account');
    for (const amount of ["0", "-1", "lots"]) {
      const r = await cli(["wallet", "faucet", "--wallet", "new", "--amount", amount]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^error: --amount: /);
    }
    expect((await client.getBalance(coldkey)).free).toBe(1002_500_000_000n);
  });

  it("refuses on a chain where the dev account holds nothing, and when it holds too little", async () => {
    const ferdie = (await signerFromUri("//Ferdie")).address;
    await emptyAccount(ferdie);
    expect((await client.getBalance(ferdie)).free).toBe(0n);
    const r = await cli(["wallet", "faucet", "--wallet", "new", "--from", "Ferdie"]);
    expect(r.code).toBe(1);
    expect(r.err).toBe(
      `error: faucet: ${devchain.endpoint} is not a dev chain (dev account //Ferdie holds nothing); the faucet funds wallets on \`meshtensor devchain\` and localnet chains only\n`,
    );
    const tooMuch = await cli(["wallet", "faucet", "--wallet", "new", "--amount", "18000000000"]);
    expect(tooMuch.code).toBe(1);
    expect(tooMuch.err).toMatch(
      /^error: faucet: \/\/Alice holds only [\d.]+ on ws:\/\/127\.0\.0\.1:\d+; ask for less with --amount/,
    );
    expect((await client.getBalance(coldkey)).free).toBe(1002_500_000_000n);
  });

  it("--help shows an example", async () => {
    const r = await cli(["wallet", "faucet", "--help"]);
    expect(r.code).toBe(0);
    expect(r.out).toContain("$ meshtensor wallet faucet --wallet alice --amount 5000");
  });
});
