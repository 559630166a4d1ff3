import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { parse as parseYaml, stringify as stringifyYaml } from "yaml";
import { ConfigError, loadConfig, parseConfig } from "../../node/config/index.js";
import { parseOverride, setPath } from "../../node/config/load.js";

// The node's config loader over generated files, mutated shipped configs and --set overrides:
// a config either loads or is refused with a ConfigError whose message names the key (or the YAML
// line), and nothing is printed: YAML warnings (unknown tags, directives) were once emitted as
// process warnings while the config loaded with a guessed value.
const dir = mkdtempSync(join(tmpdir(), "mesh-fuzz-config-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const shipped = ["miner.yml", "validator.yml"].map(
  (f) => parseYaml(readFileSync(join("configs", f), "utf8")) as Record<string, unknown>,
);

function expectConfigError(err: unknown): ConfigError {
  expect(err).toBeInstanceOf(ConfigError);
  const e = err as ConfigError;
  expect(["FILE_NOT_FOUND", "BAD_YAML", "INVALID", "BAD_OVERRIDE"]).toContain(e.type.code);
  if (e.type.code === "INVALID") expect(e.message).toMatch(/^config key "[\s\S]+": \S/);
  return e;
}

/** Every leaf path of a plain object/array tree. */
function leaves(value: unknown, prefix: string[] = []): string[][] {
  if (value === null || typeof value !== "object") return [prefix];
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0) return [prefix];
  return entries.flatMap(([k, v]) => leaves(v, [...prefix, k]));
}

describe("config loader (fuzzed)", () => {
  let emitted: MockInstance<typeof process.emitWarning>;
  beforeEach(() => {
    emitted = vi.spyOn(process, "emitWarning");
  });
  afterEach(() => {
    expect(emitted).not.toHaveBeenCalled();
    emitted.mockRestore();
  });

  it("parses arbitrary values into a config or a ConfigError naming the key", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        try {
          parseConfig(value);
        } catch (err) {
          expectConfigError(err);
        }
      }),
      { numRuns: 1_000 },
    );
  });

  it("names the mutated key when one leaf of a shipped config gets a random value", () => {
    const cases = shipped.flatMap((config) => leaves(config).map((path) => ({ config, path })));
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.jsonValue(), ({ config, path }, value) => {
        const mutated = structuredClone(config);
        let node = mutated as Record<string, unknown>;
        for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
        node[path[path.length - 1] as string] = value;
        try {
          parseConfig(mutated);
        } catch (err) {
          const e = expectConfigError(err);
          // The named key is the mutated one or one of its parents (e.g. "wallet" for the refine).
          if (e.type.code === "INVALID") expect(path.join(".").startsWith(e.type.key.split(".")[0] ?? "")).toBe(true);
        }
      }),
      { numRuns: 1_500 },
    );
  });

  it("loads arbitrary file contents (text, YAML of any shape) or refuses them with a ConfigError", async () => {
    let n = 0;
    const contents = fc.oneof(
      fc.string({ maxLength: 200 }),
      // Tags, directives and anchors/aliases in front of values, the YAML that warns.
      fc
        .tuple(
          fc.constantFrom("!x ", "!!binary ", "!!int ", "&a ", "*a ", "*a: ", "%FOO\n---\n", ""),
          fc.string({ maxLength: 20 }),
        )
        .map(([prefix, value]) => (prefix.startsWith("%") ? `${prefix}chain: ${value}\n` : `chain: ${prefix}${value}\n`)),
      fc.anything().map((v) => {
        try {
          return stringifyYaml(v) ?? "";
        } catch {
          return "";
        }
      }),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1")),
    );
    await fc.assert(
      fc.asyncProperty(contents, async (text) => {
        const path = join(dir, `c${n++}.yml`);
        writeFileSync(path, text);
        try {
          await loadConfig(path, { env: {} });
        } catch (err) {
          expectConfigError(err);
        }
      }),
      { numRuns: 600 },
    );
  });

  it("applies or refuses arbitrary --set overrides, and never writes through __proto__", async () => {
    const path = join(dir, "miner.yml");
    writeFileSync(path, readFileSync(join("configs", "miner.yml")));
    const key = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc
        .array(fc.constantFrom("miner", "network", "__proto__", "constructor", "prototype", "x", ""), {
          minLength: 1,
          maxLength: 4,
        })
        .map((k) => k.join(".")),
    );
    await fc.assert(
      fc.asyncProperty(key, fc.string({ maxLength: 20 }), async (k, v) => {
        try {
          await loadConfig(path, { env: {}, overrides: [`${k}=${v}`] });
        } catch (err) {
          expectConfigError(err);
        }
        expect(({} as Record<string, unknown>).x).toBeUndefined();
        expect(({} as Record<string, unknown>).miner).toBeUndefined();
      }),
      { numRuns: 600 },
    );
    expect(() => setPath({}, "__proto__.polluted", 1)).toThrow(ConfigError);
    expect(() => parseOverride("novalue")).toThrow(/expected key.path=value/);
  });
});
