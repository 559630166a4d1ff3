import { afterEach, describe, expect, it, vi } from "vitest";
import { errorMessage } from "../lib/errors.js";
import { loadSubnet, SUBNET_NAMES, type SubnetRegistry } from "./index.js";
import { SubnetError } from "./sdk/errors.js";
import type { SubnetDefinition } from "./sdk/interface.js";

describe("subnet registry", () => {
  afterEach(() => {
    vi.doUnmock("./ocr/index.js");
    vi.doUnmock("./inference/index.js");
    vi.resetModules();
  });

  it("loads the shipped subnets by name", async () => {
    expect(SUBNET_NAMES).toEqual(["ocr", "inference"]);
    for (const name of SUBNET_NAMES) expect((await loadSubnet(name)).name).toBe(name);
  });

  it("refuses an unknown name (even an Object.prototype key) with UNKNOWN_SUBNET listing the known ones", async () => {
    const err = await loadSubnet("toString").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SubnetError);
    expect(err).toMatchObject({ type: { code: "UNKNOWN_SUBNET", name: "toString", known: ["ocr", "inference"] } });
    expect(errorMessage(err)).toBe('unknown subnet "toString"; known: ocr, inference');
  });

  it("prefers an extra definition over a built-in one and lists extras among the known", async () => {
    const fake = { name: "ocr-fake" } as SubnetDefinition<unknown, unknown>;
    const extra: SubnetRegistry = { ocr: fake, echo: fake };
    expect(await loadSubnet("ocr", extra)).toBe(fake);
    expect(await loadSubnet("echo", extra)).toBe(fake);
    await expect(loadSubnet("nope", extra)).rejects.toThrow('unknown subnet "nope"; known: ocr, inference, echo');
  });

  it("imports a subnet's module only when that subnet is loaded", async () => {
    const imported: string[] = [];
    vi.resetModules();
    vi.doMock("./ocr/index.js", () => {
      imported.push("ocr");
      return { ocrSubnet: { name: "ocr" } };
    });
    vi.doMock("./inference/index.js", () => {
      imported.push("inference");
      return { inferenceSubnet: { name: "inference" } };
    });
    const registry = await import("./index.js");
    expect(imported).toEqual([]);
    await registry.loadSubnet("inference");
    expect(imported).toEqual(["inference"]);
  });
});
