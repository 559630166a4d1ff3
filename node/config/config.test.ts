import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { ConfigError } from "./errors.js";
import { loadConfig, parseOverride } from "./load.js";

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

  it("refuses YAML warnings (unknown tag, unknown directive, ambiguous alias) as BAD_YAML naming the line, printing nothing", async () => {
    // yaml's parse() would emit these as process warnings and load a guessed value: with an unknown
    // tag, `dataDir: !env DATA` loads as the string "DATA".
    const emitted = vi.spyOn(process, "emitWarning");
    const consoleWarn = vi.spyOn(console, "warn");
    try {
      const tag = await errorOf(
        loadConfig(file("tag.yml", `${base.replace("dataDir: /tmp/x", "dataDir: !env DATA")}`), { env: {} }),
      );
      expect(tag.type).toEqual({
        code: "BAD_YAML",
        path: join(dir, "tag.yml"),
        yamlCode: "TAG_RESOLVE_FAILED",
        line: 3,
        column: 10,
        reason: "Unresolved tag: !env",
      });
      expect(tag.message).toBe(
        `config file ${join(dir, "tag.yml")} is not valid YAML at line 3, column 10: Unresolved tag: !env`,
      );

      const directive = await errorOf(loadConfig(file("dir.yml", `%FOO bar\n---\n${base}`), { env: {} }));
      expect(directive.type).toMatchObject({ code: "BAD_YAML", yamlCode: "BAD_DIRECTIVE", line: 1 });
      const alias = await errorOf(loadConfig(file("alias.yml", `${base}x: &a 1\ny: *a:\n`), { env: {} }));
      expect(alias.type).toMatchObject({ code: "BAD_YAML", yamlCode: "BAD_ALIAS", line: 6 });
      const collectionKey = await errorOf(loadConfig(file("key.yml", `${base}? [a, b]\n: 1\n`), { env: {} }));
      expect(collectionKey.type).toMatchObject({ code: "BAD_YAML", line: 5 });

      expect(emitted).not.toHaveBeenCalled();
      expect(consoleWarn).not.toHaveBeenCalled();
    } finally {
      emitted.mockRestore();
      consoleWarn.mockRestore();
    }
  });

  it("names the line of a YAML error without quoting the file (a line may hold a secret)", async () => {
    const err = await errorOf(loadConfig(file("dup.yml", `${base}wallet: { uri: "//Secret" }\n`), { env: {} }));
    expect(err.type).toMatchObject({ code: "BAD_YAML", yamlCode: "DUPLICATE_KEY", line: 5 });
    expect(err.message).not.toContain("Secret");
    expect(err.message).not.toContain("Alice");
  });

  it("keeps the YAML standard tags, and takes a doubtful --set value as the literal string typed", async () => {
    const config = await loadConfig(file("std.yml", `${base}status: { port: !!int "9100" }\n`), { env: {} });
    expect(config.status.port).toBe(9100);
    expect(parseOverride("wallet.uri=!x y")).toEqual(["wallet.uri", "!x y"]);
    expect(parseOverride("status.port=9100")).toEqual(["status.port", 9100]);
  });
});
