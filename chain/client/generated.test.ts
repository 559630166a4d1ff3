import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { HYPERPARAMETER_NAMES } from "./convert.js";
import { SUBNETS_API, SUBNETS_CALLS, SUBNETS_EVENTS } from "./generated/subnets.js";

const camel = (s: string) => s.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

describe("client vs the runtime metadata (generated/subnets.ts)", () => {
  it("every Subnets call the client submits exists in the runtime, with the argument count it passes", () => {
    const source = readFileSync(join(import.meta.dirname, "client.ts"), "utf8");
    const used = [...source.matchAll(/this\.call\(\w+, "(\w+)", (\[[^\]]*\]|args)/g)].map((m) => m[1] as string);
    expect(used.length).toBeGreaterThan(10);
    const calls = Object.keys(SUBNETS_CALLS).map(camel);
    for (const name of used) expect(calls, name).toContain(name);
  });

  it("the events the client reads results from carry the fields it reads", () => {
    expect(SUBNETS_EVENTS.NetworkAdded.map(([f]) => f)).toContain("netuid");
    expect(SUBNETS_EVENTS.NeuronRegistered.map(([f]) => f)).toContain("uid");
  });

  it("the runtime API has every method the client calls and the hyperparameters it converts", () => {
    const source = readFileSync(join(import.meta.dirname, "reads.ts"), "utf8");
    const used = [...source.matchAll(/(?:callApi|subnetsApi)\(api, "(\w+)"/g)].map((m) => m[1] as string);
    const methods = Object.keys(SUBNETS_API).map(camel);
    for (const name of used) expect(methods, name).toContain(name);
    const generated = readFileSync(join(import.meta.dirname, "generated", "subnets.ts"), "utf8");
    const block = /export interface SubnetHyperparams \{([^}]*)\}/.exec(generated)?.[1] ?? "";
    const fields = [...block.matchAll(/^\s+(\w+):/gm)].map((m) => camel(m[1] as string));
    expect(fields.sort()).toEqual([...HYPERPARAMETER_NAMES].sort());
  });
});
