import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { signerFromUri } from "../chain/wallet/index.js";
import { loadConfig } from "../node/config/index.js";
import { createNodeLauncher } from "./node-launcher.js";
import { parseLocalnetConfig } from "./options.js";
import type { NeuronPlan } from "./provision.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs.reverse()) await rm(dir, { recursive: true, force: true });
});

async function plan(name: string, role: "validator" | "miner", behaviour: NeuronPlan["behaviour"]): Promise<NeuronPlan> {
  const key = await signerFromUri(`//${name}`);
  return { name, role, behaviour, wallet: name, hotkeyName: "default", coldkey: key, hotkey: key, uid: 0 };
}

describe("node launcher", () => {
  it("writes node configs the node itself accepts, and runs validators through the CLI and miners through miner-entry", async () => {
    const home = await mkdtemp(join(tmpdir(), "localnet-launch-"));
    dirs.push(home);
    const config = parseLocalnetConfig({ subnet: "inference", nodeLogLevel: "warn" });
    const launcher = createNodeLauncher();
    const ctx = { home, endpoint: "ws://127.0.0.1:9944", netuid: 7, subnet: "inference", index: 0, config };

    const v = await launcher.spec(await plan("validator-0", "validator", "-"), ctx);
    expect(v.args.slice(-4)).toEqual(["node", "validator", "--config", join(home, "nodes", "validator-0", "config.yml")]);
    const vc = await loadConfig(join(home, "nodes", "validator-0", "config.yml"), { env: {} });
    expect(vc.subnets).toEqual([{ netuid: 7, subnet: "inference" }]);
    expect(vc.wallet).toMatchObject({ path: join(home, "wallets"), name: "validator-0", hotkey: "default" });
    expect(vc.chain.endpoint).toBe("ws://127.0.0.1:9944");
    expect(vc.log.level).toBe("warn");
    expect(vc.status.host).toBe("127.0.0.1");

    const m = await launcher.spec(await plan("miner-1", "miner", "slow"), { ...ctx, index: 1 });
    expect(m.args[2]).toMatch(/localnet\/miner-entry\.ts$/);
    const flag = (name: string) => m.args[m.args.indexOf(name) + 1];
    expect(flag("--behaviour")).toBe("slow");
    expect(flag("--miner-id")).toBe("miner-1");
    // null slowMs: 60% of the inference subnet's query timeout, so the slow miner answers, late.
    expect(flag("--slow-ms")).toBe("1200");
    expect(flag("--offline-after-ms")).toBe("45000");
    const mc = await loadConfig(join(home, "nodes", "miner-1", "config.yml"), { env: {} });
    expect(mc.network.allow).toEqual(["127.0.0.1"]);
    expect(mc.status.port).not.toBe(vc.status.port);
  });

  it("miner-entry refuses bad flags by name before starting anything", async () => {
    const run = promisify(execFile);
    const err = await run(process.execPath, [
      "--import",
      "tsx",
      "localnet/miner-entry.ts",
      "--config",
      "x.yml",
      "--miner-id",
      "m",
      "--behaviour",
      "lazy",
    ]).catch((e: { code: number; stderr: string }) => e);
    expect((err as { code: number }).code).toBe(2);
    expect((err as { stderr: string }).stderr).toContain(
      '--behaviour: "lazy" is not one of honest, random, copy, replay, slow, flapping, offline',
    );
  }, 30_000);
});
