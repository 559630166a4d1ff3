import { describe, expect, it } from "vitest";
import { errorMessage, hasErrorCode } from "../../lib/errors.js";
import { flagsToOverrides, resolveLocalnetConfig } from "./localnet.js";

describe("meshtensor localnet flags", () => {
  it("override configs/localnet.yml key by key", async () => {
    const config = await resolveLocalnetConfig({
      subnet: "inference",
      validators: "3",
      miners: "4",
      epochs: "1",
      watch: true,
      json: "out.json",
      port: "0",
      blockTime: "250",
      deregistration: false,
      live: false,
    });
    expect(config).toMatchObject({
      subnet: "inference",
      validators: 3,
      miners: 4,
      epochs: 1,
      watch: true,
      json: "out.json",
      liveView: false,
      chain: { port: 0, blockMs: 250 },
      deregistration: { neuron: false, subnet: false },
    });
    // Untouched keys keep the file's values.
    expect(config.behaviours).toEqual(["random", "copy", "slow", "offline"]);
  });

  it("--yuma3 and --liquid-alpha pick the bond model; liquid alpha alone is refused", async () => {
    expect((await resolveLocalnetConfig({})).bondModel).toBe("classic");
    expect((await resolveLocalnetConfig({ yuma3: true })).bondModel).toBe("yuma3");
    expect((await resolveLocalnetConfig({ yuma3: true, liquidAlpha: true })).bondModel).toBe("yuma3-liquid-alpha");
    const err = await resolveLocalnetConfig({ liquidAlpha: true }).catch((e: unknown) => e);
    expect(hasErrorCode(err, "USAGE")).toBe(true);
    expect(errorMessage(err)).toMatch(/^--liquid-alpha: needs --yuma3/);
  });

  it("refuse a bad flag as a usage error naming it", async () => {
    expect(() => flagsToOverrides({ miners: "six" })).toThrow(/--miners: "six" is not a whole number/);
    const err = await resolveLocalnetConfig({ subnet: "video" }).catch((e: unknown) => e);
    expect(hasErrorCode(err, "USAGE")).toBe(true);
    expect(errorMessage(err)).toMatch(/subnet/);
    const missing = await resolveLocalnetConfig({ config: "nope.yml" }).catch((e: unknown) => e);
    expect(hasErrorCode(missing, "USAGE")).toBe(true);
    expect(errorMessage(missing)).toMatch(/not found: nope.yml/);
    const behaviour = await resolveLocalnetConfig({ behaviours: "random,lazy" }).catch((e: unknown) => e);
    expect(hasErrorCode(behaviour, "USAGE")).toBe(true);
    expect(errorMessage(behaviour)).toMatch(/behaviours\.1/);
  });

  it("--behaviours picks the first miners' behaviours; an empty list makes every miner honest", async () => {
    expect((await resolveLocalnetConfig({ behaviours: "replay, flapping,offline" })).behaviours).toEqual([
      "replay",
      "flapping",
      "offline",
    ]);
    expect((await resolveLocalnetConfig({ behaviours: "" })).behaviours).toEqual([]);
  });
});
