import { afterAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../lib/logger.js";
import { inferenceEngineFactory } from "../../node/inference/index.js";
import { ocrSubnet } from "../../subnets/ocr/index.js";
import type { OcrRequest, OcrResponse } from "../../subnets/ocr/protocol.js";
import { createOcrValidator } from "../../subnets/ocr/validator.js";
import type { CallerInfo, Challenge } from "../../subnets/sdk/interface.js";
import { createRng } from "../../subnets/sdk/rng.js";
import { expectIntegrity } from "./integrity.js";
import { type MinerKind, type SimMiner, simulate } from "./sim.js";

type Miner = SimMiner<OcrRequest, OcrResponse>;
const logger = silentLogger();
const caller: CallerInfo = { uid: 0, hotkey: "5Validator", stake: 1n };
const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const TEMPO = 10;
const OFFLINE_FROM_TEMPO = 3;
const LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

describe("OCR subnet incentive integrity (simulated epochs, real scoring, Yuma)", () => {
  // Real OCR on every honest answer: about 150 pipeline runs on a CPU.
  it("every cheater earns less than every honest miner in every paid epoch; slow below fast; offline unpaid", {
    timeout: 600_000,
  }, async () => {
    const model = await ocrSubnet.createMiner({ logger, inference: inferenceEngineFactory({ logger }) });
    cleanups.push(() => model.close());
    const run = async (c: Challenge<OcrRequest>) =>
      ocrSubnet.responseSchema.parse(await model.handle(c.request, { signal: new AbortController().signal, caller }));
    const rng = createRng(2026);
    let lastHonest: OcrResponse | null = null;
    const firstOwn = new Map<string, OcrResponse>();

    const miner = (name: string, kind: MinerKind, answer: Miner["answer"]): Miner => ({ name, kind, answer });
    const miners: Miner[] = [
      miner("honest-a", "honest", async (c) => {
        lastHonest = await run(c);
        return { response: lastHonest, latencyMs: 300 + rng.int(0, 200) };
      }),
      miner("honest-b", "honest", async (c) => ({ response: await run(c), latencyMs: 400 + rng.int(0, 200) })),
      // Honest, at 60% of the 10 s deadline (the localnet's slow miner).
      miner("slow", "slow", async (c) => ({ response: await run(c), latencyMs: 6_000 })),
      // First answer honest (for the layout), then every character replaced: well-formed, wrong.
      miner("random", "cheat", async (c, ctx) => {
        const key = `random/${ctx.validator}`;
        const first = firstOwn.get(key);
        if (!first) {
          const response = await run(c);
          firstOwn.set(key, response);
          return { response, latencyMs: 300 };
        }
        const lines = first.lines.map((l) => ({
          ...l,
          text: [...l.text].map((ch) => (ch === " " ? ch : rng.pick([...LETTERS]))).join(""),
        }));
        return { response: { lines }, latencyMs: 5 };
      }),
      // Another miner's latest answer (to another image).
      miner("copy", "cheat", async () => (lastHonest ? { response: lastHonest, latencyMs: 5 } : null)),
      // Its own first answer, replayed for every image after it.
      miner("replay", "cheat", async (c, ctx) => {
        const key = `replay/${ctx.validator}`;
        const first = firstOwn.get(key) ?? (await run(c));
        firstOwn.set(key, first);
        return { response: first, latencyMs: 5 };
      }),
      // Every other tempo, starting with a tempo off.
      miner("flapping", "cheat", async (c, ctx) =>
        ctx.tempoIndex % 2 === 1 ? { response: await run(c), latencyMs: 300 } : null,
      ),
      miner("offline", "offline", async (c, ctx) =>
        ctx.tempoIndex < OFFLINE_FROM_TEMPO ? { response: await run(c), latencyMs: 300 } : null,
      ),
    ];
    const clock = { now: 0 };
    const validators = [];
    for (const seed of [1, 2]) {
      const v = await createOcrValidator(
        { logger, inference: inferenceEngineFactory({ logger }), options: { seed } },
        ocrSubnet.queryTimeoutMs,
        undefined,
        {
          now: () => clock.now,
        },
      );
      cleanups.push(() => v.close());
      validators.push(v);
    }
    // The localnet's OCR pace: a block a second, a validator step every 5 s (half the query timeout).
    const results = await simulate({
      validators,
      stakes: [160, 100],
      miners,
      tempo: TEMPO,
      stepBlocks: 5,
      epochs: 7,
      alpha: 0.1,
      blockMs: 1000,
      clock,
    });
    const { firstPaid } = expectIntegrity(results, miners, { name: "offline", fromTempo: OFFLINE_FROM_TEMPO });
    expect(firstPaid).toBeLessThanOrEqual(2);
    expect(results[OFFLINE_FROM_TEMPO - 1]?.incentive[7]).toBeGreaterThan(0);
  });
});
