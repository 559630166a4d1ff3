import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_BONDS_CONFIG } from "../../chain/client/index.js";
import { hasErrorCode } from "../../lib/errors.js";
import { exitCodeOf } from "../errors.js";
import { parseScenario } from "./scenario.js";

const SHARED = join(import.meta.dirname, "..", "..", "..", "shared", "vectors");
const VECTORS = join(SHARED, "yuma");
const VECTORS_YUMA3 = join(SHARED, "yuma3");

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

  it("parses the yuma3 vectors: bond options, per-step hyperparameters, classic defaults elsewhere", () => {
    const files = readdirSync(VECTORS_YUMA3).filter((f) => f.endsWith(".json"));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) {
      const raw = JSON.parse(readFileSync(join(VECTORS_YUMA3, f), "utf8"));
      const s = parseScenario(readFileSync(join(VECTORS_YUMA3, f), "utf8"));
      expect(s.bondsConfig.yuma3Enabled, f).toBe(raw.hyperparameters.yuma3_enabled ?? false);
      expect(s.steps.filter((st) => st.epoch).length, f).toBe(raw.expect.length);
    }
    const sw = parseScenario(readFileSync(join(VECTORS_YUMA3, "yuma3-switch-on-6uid.json"), "utf8"));
    expect(sw.bondsConfig).toEqual({ ...DEFAULT_BONDS_CONFIG, alphaSigmoidSteepness: 200 });
    expect(sw.steps[4]?.hyperparameters).toEqual([{ Yuma3Enabled: true }, { LiquidAlphaEnabled: true }]);
    expect(sw.steps[8]?.hyperparameters).toEqual([{ BondsPenalty: 0 }]);
  });

  it("takes a step's classic hyperparameters and a bonds reset", () => {
    const s = parseScenario(
      json({
        hyperparameters: { bonds_reset_enabled: true, alpha_sigmoid_steepness: -300 },
        steps: [
          { block: 1, hyperparameters: { kappa: 100, bonds_moving_average: 975000 }, reset_bonds: { uid: 1 }, epoch: true },
        ],
      }),
    );
    expect(s.bondsConfig).toMatchObject({ bondsResetEnabled: true, alphaSigmoidSteepness: -300, yuma3Enabled: false });
    expect(s.steps[0]).toMatchObject({ hyperparameters: [{ Kappa: 100 }, { BondsMovingAverage: 975000n }], resetBonds: 1 });
    expect(parseScenario(json({})).steps[0]).toMatchObject({ hyperparameters: [], resetBonds: null });
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
      hyperparameters: [],
      resetBonds: null,
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
    [json({ steps: [{ block: 1, reset_bonds: { uid: 2 } }] }), "scenario steps[0].reset_bonds.uid: uid 2 out of range"],
    [json({ steps: [{ block: 1, hyperparameters: { yuma3: true } }] }), "scenario steps[0].hyperparameters.yuma3: unknown field"],
    [json({ hyperparameters: { alpha_sigmoid_steepness: 40000 } }), "scenario hyperparameters.alpha_sigmoid_steepness:"],
    [json({ hyperparameters: { yuma3_enabled: 1 } }), "scenario hyperparameters.yuma3_enabled:"],
  ])("refuses a malformed scenario with one line naming the field (%#)", (text, message) => {
    const err = errorOf(text);
    expect(hasErrorCode(err, "SCENARIO_INVALID")).toBe(true);
    expect(err.message.startsWith(message), err.message).toBe(true);
    expect(err.message).not.toContain("\n");
    expect(exitCodeOf(err)).toBe(2);
  });
});
