import { afterAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../lib/logger.js";
import { inferenceEngineFactory } from "../../node/inference/index.js";
import { decodeTensors, encodeTensors, inferenceSubnet } from "../../subnets/inference/index.js";
import type { InferenceRequest, InferenceResponse } from "../../subnets/inference/protocol.js";
import { createInferenceValidator } from "../../subnets/inference/validator.js";
import type { CallerInfo, Challenge } from "../../subnets/sdk/interface.js";
import { createRng } from "../../subnets/sdk/rng.js";
import { expectIntegrity } from "./integrity.js";
import { type MinerKind, type SimMiner, simulate } from "./sim.js";

type Miner = SimMiner<InferenceRequest, InferenceResponse>;
const logger = silentLogger();
const caller: CallerInfo = { uid: 0, hotkey: "5Validator", stake: 1n };
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const TEMPO = 10;
const OFFLINE_FROM_TEMPO = 4;

describe("inference subnet incentive integrity (simulated epochs, real scoring, Yuma)", () => {
  it("every cheater earns less than every honest miner in every paid epoch; slow below fast; offline unpaid", async () => {
    const model = await inferenceSubnet.createMiner({ logger, inference: inferenceEngineFactory({ logger }) });
    cleanups.push(() => model.close());
    const run = (c: Challenge<InferenceRequest>) => model.handle(c.request, { signal: new AbortController().signal, caller });
    const rng = createRng(2026);
    /** The latest honest answer of honest-a, for the copying miner. */
    let lastHonest: InferenceResponse | null = null;

    const miner = (name: string, kind: MinerKind, answer: Miner["answer"]): Miner => ({ name, kind, answer });
    const honest = (name: string, baseMs: number, record = false): Miner =>
      miner(name, "honest", async (c) => {
        const response = await run(c);
        if (record) lastHonest = response;
        return { response, latencyMs: baseMs + rng.int(-2, 2) };
      });
    const own = new Map<number, InferenceResponse>();
    const answered = new Map<number, number>();
    const miners: Miner[] = [
      honest("honest-a", 20, true),
      honest("honest-b", 24),
      miner("slow", "slow", async (c) => ({ response: await run(c), latencyMs: 1200 })),
      // The right shape, random values: no model run.
      miner("random", "cheat", async (c) => {
        const rows = c.request.inputs.x?.dims[0] ?? 1;
        const data = new Float32Array(rows * 10).map(() => rng.normal());
        return { response: { outputs: encodeTensors({ y: { dtype: "float32", dims: [rows, 10], data } }) }, latencyMs: 1 };
      }),
      // Another miner's latest answer (to another challenge).
      miner("copy", "cheat", async () => (lastHonest ? { response: lastHonest, latencyMs: 2 } : null)),
      // Its own first honest answer, replayed for every challenge after it.
      miner("replay", "cheat", async (c, ctx) => {
        const first = own.get(ctx.validator) ?? (await run(c));
        own.set(ctx.validator, first);
        return { response: first, latencyMs: 2 };
      }),
      // Honest for its first three answers to each validator (the warm-up), then half the rows skipped.
      miner("lazy", "cheat", async (c, ctx) => {
        const n = (answered.get(ctx.validator) ?? 0) + 1;
        answered.set(ctx.validator, n);
        const response = await run(c);
        if (n <= 3) return { response, latencyMs: 20 };
        const out = decodeTensors(response.outputs, "outputs");
        const y = out.y?.data as Float32Array;
        y.fill(0, y.length / 2);
        return { response: { outputs: encodeTensors(out) }, latencyMs: 10 };
      }),
      // Serves every other tempo, honestly and fast, starting with a tempo off. (Had it started with
      // a tempo on, that tempo would be honest work, paid as such, before it ever went silent.)
      miner("flapping", "cheat", async (c, ctx) => (ctx.tempoIndex % 2 === 1 ? { response: await run(c), latencyMs: 20 } : null)),
      miner("offline", "offline", async (c, ctx) =>
        ctx.tempoIndex < OFFLINE_FROM_TEMPO ? { response: await run(c), latencyMs: 20 } : null,
      ),
    ];
    const clock = { now: 0 };
    const validators = [];
    for (const seed of [1, 2]) {
      const v = await createInferenceValidator(
        { logger, inference: inferenceEngineFactory({ logger }), options: { seed } },
        { now: () => clock.now },
      );
      cleanups.push(() => v.close());
      validators.push(v);
    }
    const results = await simulate({
      validators,
      stakes: [160, 100],
      miners,
      tempo: TEMPO,
      stepBlocks: 1,
      epochs: 10,
      alpha: 0.1,
      blockMs: 1000,
      clock,
    });
    const { firstPaid } = expectIntegrity(results, miners, { name: "offline", fromTempo: OFFLINE_FROM_TEMPO });
    // Paid from early on, and the offline miner was paid while it served.
    expect(firstPaid).toBeLessThanOrEqual(2);
    expect(results[OFFLINE_FROM_TEMPO - 1]?.incentive[8]).toBeGreaterThan(0);
  });
});
