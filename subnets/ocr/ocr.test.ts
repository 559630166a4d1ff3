import { GlobalFonts } from "@napi-rs/canvas";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../lib/logger.js";
import { inferenceEngineFactory } from "../../node/inference/index.js";
import { CAUGHT, type CallerInfo, PENDING, type ScoredItem, type SubnetMiner, type SubnetValidator } from "../sdk/interface.js";
import { createRng } from "../sdk/rng.js";
import { ocrSubnet } from "./index.js";
import { type OcrRequest, type OcrResponse, ocrRequestSchema, responseText } from "./protocol.js";
import { challengeFonts, renderChallenge } from "./render.js";
import { characterErrorRate } from "./reward.js";
import { createOcrValidator, type OcrSecret } from "./validator.js";

const logger = silentLogger();
const inference = inferenceEngineFactory({ logger });
const caller: CallerInfo = { uid: 9, hotkey: "5Validator", stake: 1000n };
let miner: SubnetMiner<OcrRequest, OcrResponse>;
let validator: SubnetValidator<OcrRequest, OcrResponse>;
const cleanups: Array<() => Promise<void>> = [];

beforeAll(async () => {
  // The miner exactly as the node builds it, from the subnet definition.
  miner = await ocrSubnet.createMiner({ logger, inference });
  cleanups.push(() => miner.close());
  // No warm-up: these tests look at one answer's reward.
  validator = await createOcrValidator(
    { logger, inference, options: { seed: 7, spotCheckRate: 1, warmupAnswers: 0 } },
    ocrSubnet.queryTimeoutMs,
  );
  cleanups.push(() => validator.close());
});
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function answer(request: OcrRequest): Promise<{ response: OcrResponse; ms: number }> {
  const started = performance.now();
  const response = await miner.handle(request, { signal: AbortSignal.timeout(ocrSubnet.queryTimeoutMs), caller });
  return { response: ocrSubnet.responseSchema.parse(response), ms: performance.now() - started };
}

function ok(response: OcrResponse, latencyMs: number) {
  return { ok: true as const, response, latencyMs, processingMs: latencyMs };
}

describe("OCR pipeline on the validator's own challenges", () => {
  it("reads rendered text with a character error rate under 10% (CPU, fixed seed)", async () => {
    const rng = createRng(42);
    const rates: number[] = [];
    for (let i = 0; i < 8; i++) {
      const c = renderChallenge(rng);
      const { lines } = (await answer({ image: c.png.toString("base64") })).response;
      rates.push(Math.min(1, characterErrorRate(responseText(lines), c.lines.join(" "))));
      // Every line carries a box inside the image.
      for (const l of lines) for (const [x, y] of l.box) expect(x >= 0 && x <= 480 && y >= 0 && y <= 160).toBe(true);
    }
    const mean = rates.reduce((a, b) => a + b, 0) / rates.length;
    // Measured 0.8% mean over 12 images of seed 1 while writing this; 10% is the bound.
    expect(mean).toBeLessThan(0.1);
  });

  it("renders with the npm-shipped DejaVu fonts, reproducibly from a seed", () => {
    const families = challengeFonts();
    for (const f of families) expect(GlobalFonts.has(f)).toBe(true);
    const a = renderChallenge(createRng(3));
    const b = renderChallenge(createRng(3));
    expect(a.lines).toEqual(b.lines);
    expect(a.png.equals(b.png)).toBe(true);
    expect(renderChallenge(createRng(4)).lines).not.toEqual(a.lines);
  });
});

describe("OCR reward", () => {
  it("ranks an honest miner above random-text, copying and slow miners", async () => {
    const challenges = await Promise.all([0, 1, 2, 3, 4].map(() => validator.challenge()));
    const [honestC, randomC, copyC, slowC, otherC] = challenges as [
      (typeof challenges)[0],
      (typeof challenges)[0],
      (typeof challenges)[0],
      (typeof challenges)[0],
      (typeof challenges)[0],
    ];
    const honest = await answer(honestC.request);
    // Random text: the honest miner's layout with each character replaced at random.
    const randomAnswer = await answer(randomC.request);
    const rng = createRng(99);
    const letters = "abcdefghijklmnopqrstuvwxyz0123456789";
    const random: OcrResponse = {
      lines: randomAnswer.response.lines.map((l) => ({ ...l, text: [...l.text].map(() => letters[rng.int(0, 35)]).join("") })),
    };
    // Copying: a real answer, but to another challenge.
    const copied = (await answer(otherC.request)).response;
    const slow = await answer(slowC.request);
    const items: Array<ScoredItem<OcrRequest, OcrResponse>> = [
      // Latencies as the validator would measure them; fixed so a loaded CI machine cannot reorder the ranking.
      { uid: 0, challenge: honestC, outcome: ok(honest.response, 300) },
      { uid: 1, challenge: randomC, outcome: ok(random, 300) },
      { uid: 2, challenge: copyC, outcome: ok(copied, 300) },
      { uid: 3, challenge: slowC, outcome: ok(slow.response, 9_000) },
      { uid: 4, challenge: honestC, outcome: { ok: false, reason: "timeout", message: "deadline", latencyMs: 10_000 } },
    ];
    const [h, r, c, s, t] = (await validator.score(items)) as [number, number, number, number, number];
    expect(h).toBeGreaterThan(0.8);
    expect(h).toBeGreaterThan(s);
    expect(s).toBeGreaterThan(r);
    // Under the minimum accuracy: nothing at all, not a little.
    expect(r).toBe(0);
    expect(c).toBe(0);
    expect(t).toBe(0);
  });

  it("spot check: text the miner's boxes do not hold is CAUGHT", async () => {
    const c = await validator.challenge();
    const truth = (c.secret as OcrSecret).lines;
    const honest = await answer(c.request);
    // A miner that knows the right text (say, leaked) but points at the wrong place: boxes moved to a corner.
    const unearned: OcrResponse = {
      lines: truth.map((text) => ({
        text,
        confidence: 0.99,
        box: [
          [0, 0],
          [60, 0],
          [60, 12],
          [0, 12],
        ],
      })),
    };
    const [honestReward, unearnedReward] = await validator.score([
      { uid: 0, challenge: c, outcome: ok(honest.response, 100) },
      { uid: 1, challenge: c, outcome: ok(unearned, 100) },
    ]);
    expect(honestReward).toBeGreaterThan(0.8);
    expect(unearnedReward).toBe(CAUGHT);
  });

  it("warm-up re-reads a new miner's boxes even at a 0 sample rate and pays nothing; a caught miner scores 0 for the penalty window", async () => {
    let clock = 1_000_000;
    const v = await createOcrValidator(
      { logger, inference, options: { seed: 3, spotCheckRate: 0, warmupAnswers: 1, penaltyMs: 60_000 } },
      ocrSubnet.queryTimeoutMs,
      undefined,
      { now: () => clock },
    );
    cleanups.push(() => v.close());
    const c = await v.challenge();
    const truth = (c.secret as OcrSecret).lines;
    const corner: OcrResponse["lines"][number]["box"] = [
      [0, 0],
      [60, 0],
      [60, 12],
      [0, 12],
    ];
    const unearned: OcrResponse = { lines: truth.map((text) => ({ text, confidence: 0.99, box: corner })) };
    const honest = (await answer(c.request)).response;
    expect(await v.score([{ uid: 0, challenge: c, outcome: ok(unearned, 100) }])).toEqual([CAUGHT]);
    // An honest answer inside the window earns nothing; after it, it earns again.
    clock += 59_000;
    expect(await v.score([{ uid: 0, challenge: c, outcome: ok(honest, 100) }])).toEqual([0]);
    // After it, paid: the answer inside the window was re-read and served as its warm-up.
    clock += 2_000;
    const [back] = (await v.score([{ uid: 0, challenge: c, outcome: ok(honest, 100) }])) as [number];
    expect(back).toBeGreaterThan(0.8);
    // A new miner: its warm-up answer is re-read and unpaid (PENDING: not yet judged), the next one paid.
    expect(await v.score([{ uid: 1, challenge: c, outcome: ok(honest, 100) }])).toEqual([PENDING]);
    // Worthless text in warm-up is judged at once: 0, not PENDING (the first weights need not wait for it).
    const noise: OcrResponse = { lines: [{ text: "qzx vvk", confidence: 0.99, box: corner }] };
    expect(await v.score([{ uid: 2, challenge: c, outcome: ok(noise, 100) }])).toEqual([0]);
    const [paid] = (await v.score([{ uid: 1, challenge: c, outcome: ok(honest, 100) }])) as [number];
    expect(paid).toBeGreaterThan(0.8);
  });

  it("scores 1 - CER times the latency factor", async () => {
    const c = await validator.challenge();
    const truth = (c.secret as OcrSecret).lines.join(" ");
    const honest = await answer(c.request);
    const [fast, atDeadline] = await validator.score([
      { uid: 5, challenge: c, outcome: ok(honest.response, 10) },
      { uid: 6, challenge: c, outcome: ok(honest.response, ocrSubnet.queryTimeoutMs) },
    ]);
    const accuracy = 1 - Math.min(1, characterErrorRate(responseText(honest.response.lines), truth));
    expect(fast).toBeCloseTo(accuracy, 6);
    expect(atDeadline).toBeCloseTo(accuracy * 0.5, 6);
  });
});

describe("bad input", () => {
  it("refuses a request that is not a PNG, or claims huge dimensions, before decoding", async () => {
    const handle = (bytes: Buffer) =>
      miner.handle({ image: bytes.toString("base64") }, { signal: AbortSignal.timeout(1000), caller });
    await expect(handle(Buffer.from("hello world, not an image at all"))).rejects.toMatchObject({
      type: { code: "BAD_IMAGE", field: "image", reason: "not a PNG file" },
    });
    const header = Buffer.alloc(33);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(header);
    header.writeUInt32BE(13, 8);
    header.write("IHDR", 12);
    header.writeUInt32BE(100_000, 16);
    header.writeUInt32BE(100_000, 20);
    await expect(handle(header)).rejects.toMatchObject({ type: { code: "BAD_IMAGE", reason: /100000x100000/ } });
  });

  it("the request schema refuses non-base64 and oversized images", () => {
    expect(ocrRequestSchema.safeParse({ image: "not base64!" }).success).toBe(false);
    expect(ocrRequestSchema.safeParse({ image: "A".repeat(6_000_000) }).success).toBe(false);
    expect(ocrRequestSchema.safeParse({ image: "iVBORw0KGgo=", extra: 1 }).success).toBe(false);
  });

  it("names the bad subnet option", async () => {
    await expect(ocrSubnet.createMiner({ logger, inference, options: { maxImageSide: "big" } })).rejects.toThrow(
      /option maxImageSide/,
    );
    await expect(ocrSubnet.createValidator({ logger, inference, options: { spotCheckRat: 0.5 } })).rejects.toThrow(
      /spotCheckRat/,
    );
  });
});
