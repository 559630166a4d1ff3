import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ChainClient, ChainSigner } from "../chain/client/interface.js";
import { signerFromUri } from "../chain/wallet/index.js";
import { silentLogger } from "../lib/logger.js";
import { parseLocalnetConfig } from "./options.js";
import { provisionNetwork } from "./provision.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs.reverse()) await rm(dir, { recursive: true, force: true });
});

/** A fake of the part below (ChainClient) that records each extrinsic in submission order. */
function recordingClient(): { client: ChainClient; calls: string[] } {
  const calls: string[] = [];
  let uid = 0;
  const tx =
    (name: string, extra: Record<string, unknown> = {}) =>
    (...args: unknown[]) => {
      const who = (args[0] as ChainSigner).address.slice(0, 6);
      calls.push(`${name}:${who}`);
      return Promise.resolve({
        blockHash: "0x",
        blockNumber: 1,
        events: [],
        ...extra,
        ...(name === "burnedRegister" ? { uid: uid++ } : {}),
      });
    };
  const client = {
    registerNetwork: tx("registerNetwork", { netuid: 3 }),
    setHyperparameter: tx("setHyperparameter"),
    transfer: tx("transfer"),
    burnedRegister: tx("burnedRegister"),
    addStake: tx("addStake"),
    becomeDelegate: tx("becomeDelegate"),
    rootRegister: tx("rootRegister"),
    setRootWeights: tx("setRootWeights"),
  } as unknown as ChainClient;
  return { client, calls };
}

describe("localnet provisioning (order of the on-chain setup)", () => {
  it("registers the subnet, funds and registers every neuron, stakes before root, points root weights at the subnet", async () => {
    const dir = await mkdtemp(join(tmpdir(), "localnet-prov-"));
    dirs.push(dir);
    const { client, calls } = recordingClient();
    const config = parseLocalnetConfig({ validators: 2, miners: 3, behaviours: ["random"] });
    const net = await provisionNetwork(config, {
      client,
      wallets: { root: join(dir, "wallets"), password: "pw" },
      logger: silentLogger(),
    });
    const bob = (await signerFromUri("//Bob")).address.slice(0, 6);

    expect(net.netuid).toBe(3);
    expect(calls[0]).toBe(`registerNetwork:${bob}`);
    // Every coldkey and the nominator; no hotkey (their calls are fee-free by default).
    expect(calls.filter((c) => c.startsWith("transfer:"))).toHaveLength(2 + 3 + 1);
    expect(calls.filter((c) => c.startsWith("burnedRegister:"))).toHaveLength(5);
    const idx = (prefix: string) => calls.findIndex((c) => c.startsWith(prefix));
    const lastIdx = (prefix: string) => calls.map((c) => c.split(":")[0]).lastIndexOf(prefix);
    expect(lastIdx("burnedRegister")).toBeLessThan(idx("addStake"));
    expect(lastIdx("addStake")).toBeLessThan(idx("rootRegister"));
    expect(lastIdx("rootRegister")).toBeLessThan(idx("setRootWeights"));
    expect(calls.filter((c) => c.startsWith("setRootWeights:"))).toHaveLength(2);
    // Two validators' own stake plus the nominator's.
    expect(calls.filter((c) => c.startsWith("addStake:"))).toHaveLength(3);

    expect(net.neurons.map((n) => [n.name, n.role, n.behaviour])).toEqual([
      ["validator-0", "validator", "-"],
      ["validator-1", "validator", "-"],
      ["miner-0", "miner", "random"],
      ["miner-1", "miner", "honest"],
      ["miner-2", "miner", "honest"],
    ]);
    expect(new Set(net.neurons.map((n) => n.hotkey.address)).size).toBe(5);
    expect(net.roster.get(net.neurons[2]!.hotkey.address)).toEqual({ name: "miner-0", role: "miner", behaviour: "random" });
  });

  it.each([
    ["classic", []],
    ["yuma3", ["yuma3Enabled=true"]],
    ["yuma3-liquid-alpha", ["yuma3Enabled=true", "liquidAlphaEnabled=true"]],
  ] as const)("sets the bond model %s on the subnet (Yuma 3 before liquid alpha)", async (bondModel, expected) => {
    const dir = await mkdtemp(join(tmpdir(), "localnet-prov-"));
    dirs.push(dir);
    const { client } = recordingClient();
    const set: string[] = [];
    const record = client.setHyperparameter.bind(client);
    (client as unknown as Record<string, unknown>).setHyperparameter = (
      ...args: Parameters<ChainClient["setHyperparameter"]>
    ) => {
      set.push(`${String(args[2])}=${String(args[3])}`);
      return record(...args);
    };
    const config = parseLocalnetConfig({ validators: 1, miners: 1, bondModel });
    await provisionNetwork(config, { client, wallets: { root: join(dir, "wallets"), password: "pw" }, logger: silentLogger() });
    expect(set.filter((s) => /yuma3|liquid/i.test(s))).toEqual(expected);
  });

  it("names the failing step", async () => {
    const dir = await mkdtemp(join(tmpdir(), "localnet-prov-"));
    dirs.push(dir);
    const { client } = recordingClient();
    (client as unknown as Record<string, unknown>).burnedRegister = () =>
      Promise.reject(new Error("TooManyRegistrationsThisBlock"));
    const config = parseLocalnetConfig({ validators: 1, miners: 1 });
    await expect(
      provisionNetwork(config, { client, wallets: { root: join(dir, "wallets"), password: "pw" }, logger: silentLogger() }),
    ).rejects.toThrow('localnet setup failed at "register neurons": TooManyRegistrationsThisBlock');
  });
});
