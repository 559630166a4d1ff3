import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { errorMessage, hasErrorCode } from "../lib/errors.js";
import { loadLocalnetConfig, parseLocalnetConfig, tokensToBase } from "./options.js";

const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs.reverse()) await rm(dir, { recursive: true, force: true });
});

async function tempFile(text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "localnet-opt-"));
  dirs.push(dir);
  const path = join(dir, "localnet.yml");
  await writeFile(path, text);
  return path;
}

function errorOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error("expected a throw");
}

describe("localnet config", () => {
  it("the committed configs/localnet.yml parses to the documented defaults", async () => {
    const config = await loadLocalnetConfig("configs/localnet.yml");
    expect(config).toEqual(parseLocalnetConfig({}));
    expect(config.subnet).toBe("ocr");
    expect(config.validators).toBe(2);
    expect(config.miners).toBe(6);
    expect(config.epochs).toBe(3);
    expect(config.behaviours).toEqual(["random", "copy", "slow", "offline"]);
  });

  it("flags override the file, nested keys merge", async () => {
    const path = await tempFile("miners: 4\nchain:\n  blockMs: 300\n");
    const config = await loadLocalnetConfig(path, { miners: 3, chain: { port: 0 } });
    expect(config.miners).toBe(3);
    expect(config.chain).toEqual({ port: 0, blockMs: 300, stateFile: null, engine: "embedded", authorities: 1 });
  });

  it("an unknown key is refused by name", () => {
    const err = errorOf(() => parseLocalnetConfig({ chain: { blockMS: 10 } }));
    expect(hasErrorCode(err, "INVALID_CONFIG")).toBe(true);
    expect(errorMessage(err)).toContain("chain.blockMS");
    expect(errorMessage(err)).toContain("unknown key");
  });

  it("a bad value names its key", () => {
    const err = errorOf(() => parseLocalnetConfig({ validators: 0 }));
    expect(errorMessage(err)).toMatch(/^localnet config: validators: /);
    const err2 = errorOf(() => parseLocalnetConfig({ behaviours: ["honest", "lazy"] }));
    expect(errorMessage(err2)).toMatch(/behaviours\.1/);
    const err3 = errorOf(() => parseLocalnetConfig({ subnet: "video" }));
    expect(errorMessage(err3)).toMatch(/subnet/);
  });

  it("a missing file and broken YAML are clear errors", async () => {
    await expect(loadLocalnetConfig("configs/does-not-exist.yml")).rejects.toThrow(/not found: configs\/does-not-exist.yml/);
    const path = await tempFile("miners: [1,\n");
    await expect(loadLocalnetConfig(path)).rejects.toThrow(/not valid YAML/);
    // A YAML warning is an error too, naming the line: `!count 3` would otherwise load as 3.
    const tagged = await tempFile("subnet: ocr\nminers: !count 3\n");
    await expect(loadLocalnetConfig(tagged)).rejects.toThrow(/not valid YAML: line 2, column 9: Unresolved tag: !count/);
    const list = await tempFile("- 1\n- 2\n");
    await expect(loadLocalnetConfig(list)).rejects.toThrow(/expected a mapping/);
  });

  it("token amounts convert to base units exactly", () => {
    expect(tokensToBase("1.5")).toBe(1_500_000_000n);
    expect(tokensToBase(1000)).toBe(1_000_000_000_000n);
    expect(tokensToBase("0.000000001")).toBe(1n);
    expect(() => parseLocalnetConfig({ funding: { coldkey: "1.2.3" } })).toThrow(/funding.coldkey/);
  });
});
