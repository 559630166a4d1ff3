/**
 * The CLI against the real dev chain (instant blocks, free port): wallets made by the CLI, typed
 * chain errors surfacing as one line with exit 1, and `yuma simulate` reproducing every shared
 * vector exactly through the runtime's SubnetsApi.simulate_yuma.
 */
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChainClient, type PolkadotChainClient } from "../../chain/client/index.js";
import { createDevChain, type DevChain } from "../../chain/devchain/index.js";
import { createHotkey, signerFromUri } from "../../chain/wallet/index.js";
import type { CliDeps } from "../context.js";
import { runCli } from "../program.js";
import { parseJsonKeepingBigInts } from "../yuma/bigjson.js";

const VECTORS = join(import.meta.dirname, "..", "..", "..", "shared", "vectors", "yuma");
const VECTORS_YUMA3 = join(import.meta.dirname, "..", "..", "..", "shared", "vectors", "yuma3");
const TOKEN = 1_000_000_000n;

describe("meshtensor CLI against the dev chain", () => {
  let devchain: DevChain;
  let client: PolkadotChainClient;
  let home: string;
  let netuid = -1;

  async function cli(argv: string[], options: { embedded?: boolean } = {}) {
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
    const code = await runCli(options.embedded ? argv : [...argv, "--chain", devchain.endpoint], deps);
    return { code, out, err };
  }

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "mt-cli-e2e-"));
    devchain = createDevChain({ port: 0, mode: "instant" });
    await devchain.start();
    client = createChainClient({ endpoint: devchain.endpoint });
    await client.connect();
  });
  afterAll(async () => {
    await client?.close();
    await devchain?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it("creates a wallet, funds it, and reads the balance as exact base units", async () => {
    const created = await cli(["wallet", "create", "--wallet", "w", "--hotkey", "h", "--json"]);
    expect(created.code).toBe(0);
    const { coldkey, hotkey } = JSON.parse(created.out) as { coldkey: string; hotkey: { address: string } };
    const alice = await signerFromUri("//Alice");
    await client.transfer(alice, coldkey, 5000n * TOKEN);
    await client.transfer(alice, hotkey.address, 10n * TOKEN);
    // A second hotkey that can pay fees but is registered nowhere.
    const stranger = await createHotkey({ root: join(home, "wallets"), wallet: "w", hotkey: "stranger" });
    await client.transfer(alice, stranger.address, 10n * TOKEN);
    const bal = await cli(["wallet", "balance", "--wallet", "w", "--json"]);
    expect(bal.code).toBe(0);
    expect(parseJsonKeepingBigInts(bal.out)).toMatchObject({ address: coldkey, free: 5000_000_000_000 });
  });

  it("creates a subnet and registers the hotkey", async () => {
    const sub = await cli(["subnet", "create", "--wallet", "w", "--json"]);
    expect(sub.err).toBe("");
    expect(sub.code).toBe(0);
    netuid = (JSON.parse(sub.out) as { netuid: number }).netuid;
    const reg = await cli(["subnet", "register", String(netuid), "--wallet", "w", "--hotkey", "h", "--json"]);
    expect(reg.code).toBe(0);
    expect(JSON.parse(reg.out)).toMatchObject({ netuid, uid: 0 });
    const mg = await cli(["subnet", "metagraph", String(netuid)]);
    expect(mg.code).toBe(0);
    expect(mg.out).toMatch(/uid\s+hotkey\s+stake\s+trust\s+consensus\s+incentive\s+dividends\s+emission\s+permit\s+active/);
  });

  it.each([
    [["weights", "set", "NETUID", "--uids", "0,1", "--values", "1,1", "--wallet", "w", "--hotkey", "h"], "WeightVecTooLong"],
    [["weights", "set", "NETUID", "--uids", "0", "--values", "1", "--wallet", "w", "--hotkey", "stranger"], "NotRegistered"],
    [["stake", "remove", "--amount", "1", "--wallet", "w", "--hotkey", "h"], "NotEnoughStakeToWithdraw"],
    [["subnet", "set", "NETUID", "tempo", "0", "--wallet", "w"], "InvalidHyperparameterValue"],
    [["subnet", "set", "NETUID", "alpha_low", "6553", "--wallet", "w"], "LiquidAlphaDisabled"],
    [["subnet", "register", "NETUID", "--wallet", "w", "--hotkey", "h"], "HotKeyAlreadyRegisteredInSubNet"],
    [["delegate", "become", "--wallet", "w", "--hotkey", "stranger"], "HotKeyAccountNotExists"],
  ])("surfaces the chain's typed error as one line, exit 1: %j -> %s", async (argv, name) => {
    const r = await cli(argv.map((a) => (a === "NETUID" ? String(netuid) : a)));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(new RegExp(`^error: Subnets\\.${name}(: .*)?\\n$`));
  });

  it.each([
    ["yuma", VECTORS],
    ["yuma3", VECTORS_YUMA3],
  ])("reproduces every shared %s vector exactly through the runtime", async (_kind, dir) => {
    const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const r = await cli(["yuma", "simulate", join(dir, f)]);
      expect(r.err, f).toBe("");
      expect(r.code, f).toBe(0);
      const got = parseJsonKeepingBigInts(r.out) as { epochs: Array<Record<string, unknown>> };
      const want = parseJsonKeepingBigInts(readFileSync(join(dir, f), "utf8")) as { expect: Array<Record<string, unknown>> };
      expect(got.epochs.length, f).toBe(want.expect.length);
      want.expect.forEach((epoch, i) => {
        for (const [key, value] of Object.entries(epoch)) expect(got.epochs[i]?.[key], `${f} epoch ${i} ${key}`).toEqual(value);
      });
    }
  });

  it("without --chain, starts its own embedded dev chain for the simulation", async () => {
    const f = readdirSync(VECTORS).filter((x) => x.endsWith(".json"))[0] as string;
    const r = await cli(["yuma", "simulate", join(VECTORS, f), "--json"], { embedded: true });
    expect(r.code).toBe(0);
    const want = parseJsonKeepingBigInts(readFileSync(join(VECTORS, f), "utf8")) as { expect: unknown[] };
    expect((parseJsonKeepingBigInts(r.out) as { epochs: unknown[] }).epochs).toEqual(want.expect);
  });

  it("refuses a malformed scenario with one line naming the field and exit 2", async () => {
    const bad = join(home, "bad.json");
    await writeFile(bad, JSON.stringify({ n: 2, emission_per_epoch: 10, stake: [1], steps: [] }));
    const r = await cli(["yuma", "simulate", bad]);
    expect(r.code).toBe(2);
    expect(r.err).toBe("error: scenario stake: has 1 entries, n is 2\n");
    expect(r.out).toBe("");
  });
});
