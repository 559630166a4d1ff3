import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "./errors.js";
import { loadConfig } from "./load.js";

const dir = mkdtempSync(join(tmpdir(), "mesh-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const base = `chain: { endpoint: ws://127.0.0.1:9944 }
wallet: { uri: "//Alice" }
dataDir: /tmp/x
subnets: [{ netuid: 1, subnet: ocr }]
`;

async function errorOf(promise: Promise<unknown>): Promise<ConfigError> {
  const err = await promise.catch((e: unknown) => e);
  expect(err).toBeInstanceOf(ConfigError);
  return err as ConfigError;
}

describe("node config", () => {
  it("loads the shipped configs/validator.yml and configs/miner.yml", async () => {
    const validator = await loadConfig("configs/validator.yml", { env: {} });
    expect(validator.validator.alpha).toBe(0.1);
    const miner = await loadConfig("configs/miner.yml", { env: {} });
    expect(miner.miner.minStake).toBe(0n);
    expect(miner.network.listen).toEqual(["/ip4/127.0.0.1/tcp/0"]);
  });

  it("fills defaults, converts token amounts to base units, applies env then flags", async () => {
    const path = file("ok.yml", `${base}miner: { minStake: "1.5" }\n`);
    const config = await loadConfig(path, {
      env: { MESHTENSOR_STATUS_PORT: "9200", MESHTENSOR_DATA_DIR: "/data/env" },
      overrides: ["dataDir=/data/flag", "network.dht=false"],
    });
    expect(config.miner.minStake).toBe(1_500_000_000n);
    expect(config.status.port).toBe(9200);
    expect(config.dataDir).toBe("/data/flag");
    expect(config.network.dht).toBe(false);
    expect(config.validator.stepIntervalMs).toBe(12_000);
  });

  it("names an unknown key (a typo) with its full path", async () => {
    const err = await errorOf(loadConfig(file("typo.yml", `${base}network: { maxMessageByte: 10 }\n`), { env: {} }));
    expect(err.type).toEqual({ code: "INVALID", key: "network.maxMessageByte", reason: "unknown key (typo?)" });
  });

  it("names a key with a bad value", async () => {
    const err = await errorOf(loadConfig(file("bad.yml", `${base}validator: { alpha: 2 }\n`), { env: {} }));
    expect(err.type.code).toBe("INVALID");
    expect(err.message).toContain('"validator.alpha"');
    const endpoint = await errorOf(loadConfig(file("ep.yml", base.replace("ws://", "http://")), { env: {} }));
    expect(endpoint.message).toContain('"chain.endpoint"');
    const stake = await errorOf(loadConfig(file("st.yml", `${base}miner: { minStake: "ten" }\n`), { env: {} }));
    expect(stake.message).toContain('"miner.minStake"');
  });

  it("refuses a missing file, bad YAML and a wallet with neither uri nor name/hotkey", async () => {
    expect((await errorOf(loadConfig(join(dir, "nope.yml")))).type.code).toBe("FILE_NOT_FOUND");
    expect((await errorOf(loadConfig(file("y.yml", "chain: [unclosed")))).type.code).toBe("BAD_YAML");
    const wallet = await errorOf(loadConfig(file("w.yml", base.replace('{ uri: "//Alice" }', "{ name: x }")), { env: {} }));
    expect(wallet.message).toContain("wallet");
    expect((await errorOf(loadConfig(file("o.yml", base), { env: {}, overrides: ["noequals"] }))).type.code).toBe("BAD_OVERRIDE");
  });
});
