import { readFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../lib/logger.js";
import { inferenceEngineFactory, sha256Hex } from "../../node/inference/index.js";
import { buildMlp } from "../../scripts/gen-mlp-model.js";
import { CAUGHT, type CallerInfo, type Challenge, PENDING, type ScoredItem, type SubnetMiner } from "../sdk/interface.js";
import { createRng } from "../sdk/rng.js";
import { decodeTensors, encodeTensors } from "./codec.js";
import { DEFAULT_MODEL_PATH, DEFAULT_MODEL_SHA256, inferenceSubnet } from "./index.js";
import type { InferenceRequest, InferenceResponse } from "./protocol.js";
import { createInferenceValidator, type InferenceValidator } from "./validator.js";

const logger = silentLogger();
const inference = inferenceEngineFactory({ logger });
const caller: CallerInfo = { uid: 0, hotkey: "5Validator", stake: 1000n };
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

let honestMiner: SubnetMiner<InferenceRequest, InferenceResponse> | undefined;
async function honest(): Promise<SubnetMiner<InferenceRequest, InferenceResponse>> {
  if (!honestMiner) {
    const m = await inferenceSubnet.createMiner({ logger, inference });
    cleanups.push(() => m.close());
    honestMiner = m;
  }
  return honestMiner;
}

async function validator(options: Record<string, unknown>, now?: () => number): Promise<InferenceValidator> {
  // No warm-up unless a test asks for it: most tests look at one round's verdicts.
  const v = await createInferenceValidator(
    { logger, inference, options: { seed: 11, warmupVerified: 0, ...options } },
    now ? { now } : {},
  );
  cleanups.push(() => v.close());
  return v;
}

type Answerer = (request: InferenceRequest) => Promise<InferenceResponse>;
const signal = new AbortController().signal;
const honestAnswer: Answerer = async (r) => (await honest()).handle(r, { signal, caller });
/** Honest outputs with a small shift on every element: cheap to fake, wrong. */
const perturbing: Answerer = async (r) => {
  const out = decodeTensors((await honestAnswer(r)).outputs, "outputs");
  for (const t of Object.values(out)) {
    const data = t.data as Float32Array;
    for (let i = 0; i < data.length; i++) data[i] = (data[i] as number) + 0.05;
  }
  return { outputs: encodeTensors(out) };
};
/** The right shape, random values: no model run at all. */
const rng = createRng(5);
const randomTensors: Answerer = async (r) => {
  const rows = r.inputs.x?.dims[0] ?? 1;
  const data = new Float32Array(rows * 10).map(() => rng.normal());
  return { outputs: encodeTensors({ y: { dtype: "float32", dims: [rows, 10], data } }) };
};

async function round(v: InferenceValidator, miners: Array<{ answer: Answerer; latencyMs: number }>): Promise<number[]> {
  const items: Array<ScoredItem<InferenceRequest, InferenceResponse>> = [];
  for (const [uid, m] of miners.entries()) {
    const challenge: Challenge<InferenceRequest> = await v.challenge();
    const response = await m.answer(challenge.request);
    items.push({ uid, challenge, outcome: { ok: true, response, latencyMs: m.latencyMs, processingMs: m.latencyMs } });
  }
  return v.score(items);
}

describe("inference subnet", () => {
  it("the honest miner serves the named model: outputs for every row", async () => {
    const v = await validator({ verifyRate: 1 });
    const c = await v.challenge();
    expect(c.request.inputs.x?.dims).toEqual([16, 64]);
    const out = await honestAnswer(c.request);
    expect(out.outputs.y?.dims).toEqual([16, 10]);
    const [score] = await v.score([
      { uid: 0, challenge: c, outcome: { ok: true, response: out, latencyMs: 5, processingMs: 5 } },
    ]);
    expect(score).toBe(1);
    expect(v.lastRound()).toEqual([{ uid: 0, verified: true, caught: false }]);
  });

  it("catches a miner that perturbs outputs and one that returns random tensors; ranks correct miners by speed", async () => {
    const v = await validator({ verifyRate: 1 });
    const scores = await round(v, [
      { answer: honestAnswer, latencyMs: 20 },
      { answer: perturbing, latencyMs: 10 },
      { answer: randomTensors, latencyMs: 1 },
      { answer: honestAnswer, latencyMs: 80 },
    ]);
    expect(scores[0]).toBe(1);
    expect(scores[1]).toBe(CAUGHT);
    expect(scores[2]).toBe(CAUGHT);
    // Four times the latency for the same rows: a quarter of the throughput.
    expect(scores[3]).toBeCloseTo(0.25, 6);
    expect(v.lastRound().map((r) => r.caught)).toEqual([false, true, true, false]);
    expect([...v.penalized().keys()].sort()).toEqual([1, 2]);
  });

  it("re-executes answers copied from another miner even when the sample would skip them", async () => {
    const v = await validator({ verifyRate: 0, warmupVerified: 0 });
    const [a, b] = [await v.challenge(), await v.challenge()];
    const original = await honestAnswer(a.request);
    const ok = (response: InferenceResponse, latencyMs: number) => ({
      ok: true as const,
      response,
      latencyMs,
      processingMs: latencyMs,
    });
    const scores = await v.score([
      { uid: 0, challenge: a, outcome: ok(original, 20) },
      // uid 1 answers its own challenge with uid 0's outputs, instantly.
      { uid: 1, challenge: b, outcome: ok(original, 1) },
    ]);
    expect(scores).toEqual([1, CAUGHT]);
    expect(v.lastRound()).toMatchObject([
      { uid: 0, verified: true, caught: false },
      { uid: 1, verified: true, caught: true },
    ]);
  });

  it("keeps a caught miner at zero for the penalty window, even when it answers correctly, then lets it back", async () => {
    let clock = 1_000_000;
    const v = await validator({ verifyRate: 1, penaltyMs: 60_000 }, () => clock);
    await round(v, [
      { answer: honestAnswer, latencyMs: 10 },
      { answer: randomTensors, latencyMs: 10 },
    ]);
    clock += 59_000;
    expect(
      await round(v, [
        { answer: honestAnswer, latencyMs: 10 },
        { answer: honestAnswer, latencyMs: 10 },
      ]),
    ).toEqual([1, 0]);
    clock += 2_000;
    expect(
      await round(v, [
        { answer: honestAnswer, latencyMs: 10 },
        { answer: honestAnswer, latencyMs: 10 },
      ]),
    ).toEqual([1, 1]);
  });

  it("at the default 20% rate, re-executes about a fifth of answers and still catches a random-tensor miner", async () => {
    const v = await validator({});
    let verified = 0;
    let caughtAt = -1;
    const rounds = 25;
    for (let r = 0; r < rounds; r++) {
      await round(v, [
        { answer: honestAnswer, latencyMs: 10 },
        { answer: randomTensors, latencyMs: 10 },
      ]);
      const [h, cheat] = v.lastRound();
      if (h?.verified) verified++;
      if (cheat?.caught && caughtAt < 0) caughtAt = r;
      expect(h?.caught).toBe(false);
    }
    expect(caughtAt).toBeGreaterThanOrEqual(0);
    // 25 draws at p = 0.2 (fixed seed): between 1 and 12 is a > 99.9% band.
    expect(verified).toBeGreaterThanOrEqual(1);
    expect(verified).toBeLessThanOrEqual(12);
    expect(v.penalized().has(1)).toBe(true);
  });

  it("refuses answers of the wrong shape without re-executing, and failed queries score 0", async () => {
    const v = await validator({ verifyRate: 0, warmupVerified: 0 });
    const c = await v.challenge();
    const wrong = { outputs: encodeTensors({ y: { dtype: "float32", dims: [16, 9], data: new Float32Array(144) } }) };
    const scores = await v.score([
      { uid: 0, challenge: c, outcome: { ok: true, response: wrong, latencyMs: 1, processingMs: 1 } },
      { uid: 1, challenge: c, outcome: { ok: false, reason: "timeout", message: "deadline", latencyMs: 2000 } },
      { uid: 2, challenge: c, outcome: { ok: true, response: await honestAnswer(c.request), latencyMs: 5, processingMs: 5 } },
    ]);
    // The honest answer was not re-executed (rate 0): not judged, so not paid yet.
    expect(scores).toEqual([CAUGHT, 0, PENDING]);
    expect(v.lastRound()[0]).toMatchObject({ caught: true, verified: false, reason: "y.dims[1]: expected 10" });
  });

  it("warm-up: a new miner's first answers are all re-executed and earn nothing, so a cheater is caught on its first answer", async () => {
    const v = await validator({ verifyRate: 0, warmupVerified: 2 });
    const first = await round(v, [
      { answer: honestAnswer, latencyMs: 10 },
      { answer: randomTensors, latencyMs: 1 },
    ]);
    expect(first).toEqual([PENDING, CAUGHT]);
    expect(v.lastRound().map((r) => r.verified)).toEqual([true, true]);
    // The honest miner passes its second check; from then on nothing is sampled at rate 0.
    await round(v, [{ answer: honestAnswer, latencyMs: 10 }]);
    await round(v, [{ answer: honestAnswer, latencyMs: 10 }]);
    expect(v.lastRound()[0]?.verified).toBe(false);
  });

  it("catches a replayed answer (its own or another miner's, from an earlier round) without re-executing it", async () => {
    const v = await validator({ verifyRate: 0, warmupVerified: 0 });
    const c0 = await v.challenge();
    const earlier = await honestAnswer(c0.request);
    const ok = (response: InferenceResponse) => ({ ok: true as const, response, latencyMs: 5, processingMs: 5 });
    expect(await v.score([{ uid: 0, challenge: c0, outcome: ok(earlier) }])).toEqual([PENDING]);
    const [c1, c2] = [await v.challenge(), await v.challenge()];
    const scores = await v.score([
      { uid: 0, challenge: c1, outcome: ok(earlier) },
      { uid: 1, challenge: c2, outcome: ok(await honestAnswer(c2.request)) },
    ]);
    expect(scores).toEqual([CAUGHT, PENDING]);
    expect(v.lastRound()[0]).toMatchObject({ caught: true, verified: false, reason: "replayed an earlier answer" });
  });

  it("only verified work is paid: unchecked answers are PENDING, however fast", async () => {
    const v = await validator({ verifyRate: 0.5, seed: 4 });
    let paid = 0;
    for (let r = 0; r < 10; r++) {
      // Miner 1 answers ten times faster; when checked, it is paid by its throughput.
      const scores = await round(v, [
        { answer: honestAnswer, latencyMs: 20 },
        { answer: honestAnswer, latencyMs: 2 },
      ]);
      v.lastRound().forEach((rec, i) => {
        if (rec.verified) {
          expect(scores[i]).toBeGreaterThan(0);
          paid++;
        } else expect(scores[i]).toEqual(PENDING);
      });
    }
    expect(paid).toBeGreaterThan(0);
  });

  it("the miner refuses another model's hash and malformed tensors, naming the field", async () => {
    const m = await honest();
    const v = await validator({});
    const c = await v.challenge();
    await expect(m.handle({ ...c.request, modelSha256: "f".repeat(64) }, { signal, caller })).rejects.toMatchObject({
      type: { code: "BAD_REQUEST", field: "modelSha256" },
    });
    const short = {
      ...c.request,
      inputs: { x: { dtype: "float32" as const, dims: [16, 64], data: Buffer.alloc(12).toString("base64") } },
    };
    await expect(m.handle(short, { signal, caller })).rejects.toMatchObject({
      type: { code: "BAD_REQUEST", field: "inputs.x.data" },
    });
    const wrongShape = {
      ...c.request,
      inputs: { x: { dtype: "float32" as const, dims: [1, 32], data: Buffer.alloc(128).toString("base64") } },
    };
    await expect(m.handle(wrongShape, { signal, caller })).rejects.toMatchObject({
      type: { code: "BAD_INPUT", field: "x.dims[1]" },
    });
    expect(inferenceSubnet.requestSchema.safeParse({ modelSha256: "xyz", inputs: {} }).success).toBe(false);
  });

  it("the committed model is what scripts/gen-mlp-model.ts writes, and its sha256 is the one the subnet names", () => {
    expect(sha256Hex(buildMlp([64, 256, 256, 10], 7))).toBe(DEFAULT_MODEL_SHA256);
    expect(sha256Hex(readFileSync(DEFAULT_MODEL_PATH))).toBe(DEFAULT_MODEL_SHA256);
  });

  it("names a bad option", async () => {
    await expect(inferenceSubnet.createValidator({ logger, inference, options: { verifyRate: 2 } })).rejects.toThrow(
      /option verifyRate/,
    );
    await expect(inferenceSubnet.createMiner({ logger, inference, options: { modelSha256: "nope" } })).rejects.toThrow(
      /option modelSha256/,
    );
  });
});
