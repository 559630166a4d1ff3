import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { hasErrorCode } from "../../../lib/errors.js";
import { exitCodeOf } from "../errors.js";
import { parseScenario } from "./scenario.js";

const VECTORS = join(import.meta.dirname, "..", "..", "..", "..", "shared", "vectors", "yuma");

function errorOf(text: string): Error {
  try {
    parseScenario(text);
  } catch (err) {
    return err as Error;
  }
  throw new Error("expected a ScenarioError");
}

const base = { n: 2, emission_per_epoch: 1000, stake: [1, 2], steps: [{ block: 1, epoch: true }] };
const json = (patch: Record<string, unknown>) => JSON.stringify({ ...base, ...patch });

describe("yuma scenario files", () => {
  it("parses every shared vector with the spec's defaults", () => {
    const files = readdirSync(VECTORS).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const raw = JSON.parse(readFileSync(join(VECTORS, f), "utf8"));
      const s = parseScenario(readFileSync(join(VECTORS, f), "utf8"));
      expect(s.n, f).toBe(raw.n);
      expect(s.stake.map(String), f).toEqual(raw.stake.map(String));
      expect(s.steps.filter((st) => st.epoch).length, f).toBe(raw.expect.length);
      expect(s.maxAllowedValidators, f).toBe(raw.hyperparameters?.max_allowed_validators ?? raw.n);
      expect(s.blockAtRegistration, f).toHaveLength(raw.n);
    }
  });

  it("applies defaults and keeps amounts above 2^53 exact", () => {
    const s = parseScenario(`{"n": 2, "emission_per_epoch": 18446744073709551615, "stake": [9007199254740993, 0],
      "steps": [{"block": 3, "stake": {"1": 21000000000000000}, "replace": {"uid": 1}, "weights": {"0": [[1, 65535]]}, "epoch": true}]}`);
    expect(s.emissionPerEpoch).toBe(18446744073709551615n);
    expect(s.stake[0]).toBe(9007199254740993n);
    expect(s).toMatchObject({
      kappa: 32767,
      bondsMovingAverage: 900000n,
      activityCutoff: 5000n,
      maxAllowedValidators: 2,
      blockAtRegistration: [0n, 0n],
    });
    expect(s.steps[0]).toEqual({
      block: 3n,
      stake: [[1, 21000000000000000n]],
      replace: 1,
      weights: [[0, [[1, 65535]]]],
      epoch: true,
    });
  });

  it.each([
    [json({ stake: [1] }), "scenario stake: has 1 entries, n is 2"],
    [json({ n: 0 }), "scenario n:"],
    [json({ kappa: 1 }), "scenario kappa: unknown field"],
    [json({ hyperparameters: { kapa: 1 } }), "scenario hyperparameters.kapa: unknown field"],
    [json({ steps: [{ block: -1 }] }), "scenario steps[0].block: must be a non-negative integer"],
    [json({ steps: [{ block: 1, weights: { "0": [[5, 1]] } }] }), "scenario steps[0].weights.0[0]: uid 5 out of range (n = 2)"],
    [json({ steps: [{ block: 1, weights: { "0": [[1, 70000]] } }] }), "scenario steps[0].weights.0[0][1]:"],
    [json({ steps: [{ block: 1, replace: { uid: 2 } }] }), "scenario steps[0].replace.uid: uid 2 out of range"],
    [json({ emission_per_epoch: "5" }), "scenario emission_per_epoch: must be an integer"],
    [
      `{"n": 2, "emission_per_epoch": 99999999999999999999, "stake": [1, 2], "steps": []}`,
      "scenario emission_per_epoch: must fit in an unsigned 64-bit integer",
    ],
    ["{ nope", "scenario (file): not valid JSON"],
  ])("refuses a malformed scenario with one line naming the field (%#)", (text, message) => {
    const err = errorOf(text);
    expect(hasErrorCode(err, "SCENARIO_INVALID")).toBe(true);
    expect(err.message.startsWith(message), err.message).toBe(true);
    expect(err.message).not.toContain("\n");
    expect(exitCodeOf(err)).toBe(2);
  });
});
