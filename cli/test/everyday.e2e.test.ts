/**
 * btcli's everyday views and actions against the real dev chain (issue 16): `wallet overview`,
 * `weights show`, `subnet dissolve`, the registration cost in `subnet show`, what `subnet
 * register` burned, and the endpoint column of `subnet metagraph`, each as a user reads it and
 * as `--json`.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChainClient, type PolkadotChainClient } from "../../chain/client/index.js";
import { createDevChain, type DevChain } from "../../chain/devchain/index.js";
import { loadHotkey } from "../../chain/wallet/index.js";
import type { CliDeps } from "../context.js";
import { runCli } from "../program.js";

const PEER = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";

describe("everyday btcli commands against the dev chain", () => {
  let devchain: DevChain;
  let client: PolkadotChainClient;
  let home: string;
  let coldkey: string;
  let hotkey: string;
  let netuid = -1;

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
  async function json(argv: string[]): Promise<Record<string, unknown>> {
    const r = await cli([...argv, "--json"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    return JSON.parse(r.out) as Record<string, unknown>;
  }

  beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), "mt-everyday-e2e-"));
    devchain = createDevChain({ port: 0, mode: "instant" });
    await devchain.start();
    client = createChainClient({ endpoint: devchain.endpoint });
    await client.connect();
    const created = (await json(["wallet", "create", "--wallet", "w", "--hotkey", "h"])) as {
      coldkey: string;
      hotkey: { address: string };
    };
    coldkey = created.coldkey;
    hotkey = created.hotkey.address;
    await json(["wallet", "new-hotkey", "--wallet", "w", "--hotkey", "spare"]);
    await json(["wallet", "faucet", "--wallet", "w", "--amount", "5000"]);
    // The hotkey gets no tokens: once registered, its serve_axon and weights pay no fee.
    netuid = (await json(["subnet", "create", "--wallet", "w"])).netuid as number;
  });
  afterAll(async () => {
    await client?.close();
    await devchain?.stop();
    await rm(home, { recursive: true, force: true });
  });

  it("subnet show prints the registration cost, and register reports that it burned it", async () => {
    const cost = await client.getRegistrationCost(netuid);
    expect(cost).not.toBeNull();
    const show = await json(["subnet", "show", String(netuid)]);
    expect(show.registrationCost).toBe(Number(cost));
    expect((await cli(["subnet", "show", String(netuid)])).out).toMatch(/registration cost/);

    const before = (await client.getBalance(coldkey)).free;
    const reg = await cli(["subnet", "register", String(netuid), "--wallet", "w", "--hotkey", "h"]);
    expect(reg.code).toBe(0);
    expect(reg.out).toMatch(new RegExp(`as uid 0, burned ${Number(cost) / 1e9} \\(block \\d+\\)`));
    // The coldkey paid the burn (and a fee).
    expect(before - (await client.getBalance(coldkey)).free).toBeGreaterThanOrEqual(cost as bigint);
  });

  it("subnet metagraph shows each neuron's endpoint once served", async () => {
    const before = await cli(["subnet", "metagraph", String(netuid)]);
    expect(before.out).toMatch(/permit\s+active\s+endpoint\n/);
    const signer = await loadHotkey(join(home, "wallets"), "w", "h");
    await client.serveAxon(signer, netuid, { peerId: PEER, multiaddrs: ["/ip4/127.0.0.1/tcp/4001"], version: 1, protocol: 0 });
    const after = await cli(["subnet", "metagraph", String(netuid)]);
    expect(after.out).toContain("/ip4/127.0.0.1/tcp/4001");
  });

  it("weights show lists the weights a hotkey set, raw and as a share of its row", async () => {
    expect((await cli(["weights", "show", String(netuid)])).out).toMatch(/no weights set/);
    await json(["weights", "set", String(netuid), "--uids", "0", "--values", "65535", "--wallet", "w", "--hotkey", "h"]);
    const shown = await json(["weights", "show", String(netuid)]);
    expect(shown.weights).toEqual([{ uid: 0, hotkey, targetUid: 0, weight: 65535, share: 1 }]);
    expect((await cli(["weights", "show", String(netuid)])).out).toMatch(/uid\s+hotkey\s+target uid\s+weight\s+share/);
    const missing = await cli(["weights", "show", "999"]);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe("error: subnet 999 does not exist\n");
  });

  it("a registered hotkey with no balance pays nothing; an unregistered one is told so in one line, not the pool's 1010 code", async () => {
    expect((await client.getBalance(hotkey)).free).toBe(0n);
    // "spare": a hotkey of the same wallet with no balance, registered nowhere.
    const r = await cli(["weights", "set", String(netuid), "--uids", "0", "--values", "1", "--wallet", "w", "--hotkey", "spare"]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(
      /^error: Subnets\.NotRegistered: the hotkey is not registered here .*\(refused by the pool: not included, no fee\)\n$/,
    );
    expect(r.err).not.toContain("cannot pay");
  });

  it("wallet overview: balance, stake, and the registered hotkeys per subnet (the spare one is not)", async () => {
    const o = (await json(["wallet", "overview", "--wallet", "w"])) as {
      coldkey: string;
      free: number;
      neurons: Array<Record<string, unknown>>;
    };
    expect(o.coldkey).toBe(coldkey);
    expect(BigInt(o.free)).toBe((await client.getBalance(coldkey)).free);
    expect(o.neurons).toEqual([expect.objectContaining({ netuid, uid: 0, hotkeyName: "h", hotkey })]);
    const human = await cli(["wallet", "overview", "--wallet", "w"]);
    expect(human.out).toMatch(new RegExp(`^wallet "w" coldkey ${coldkey}: free [\\d.]+, staked [\\d.]+\\n`));
    expect(human.out).toMatch(/netuid\s+uid\s+hotkey\s+address\s+stake/);
    const none = await cli(["wallet", "overview", "--wallet", "nobody"]);
    expect(none.code).toBe(1);
    expect(none.err).toMatch(/^error: wallet "nobody" not found/);
  });

  it("subnet dissolve: the owner gets the lock back and the subnet is gone", async () => {
    const before = (await client.getBalance(coldkey)).free;
    const r = await json(["subnet", "dissolve", String(netuid), "--wallet", "w"]);
    expect(r).toMatchObject({ netuid, owner: coldkey });
    expect((await client.getBalance(coldkey)).free).toBeGreaterThan(before);
    const gone = await cli(["subnet", "show", String(netuid)]);
    expect(gone.code).toBe(1);
    expect(gone.err).toBe(`error: subnet ${netuid} does not exist\n`);
  });

  it("each new command has an example in --help", async () => {
    for (const [argv, example] of [
      [["wallet", "overview"], "$ meshtensor wallet overview --wallet alice"],
      [["weights", "show"], "$ meshtensor weights show 1"],
      [["subnet", "dissolve"], "$ meshtensor subnet dissolve 3 --wallet owner"],
    ] as const) {
      const r = await cli([...argv, "--help"]);
      expect(r.code).toBe(0);
      expect(r.out).toContain(example);
    }
  });
});
