import { parseSubnetOptions } from "../sdk/errors.js";
import { CAUGHT, type Challenge, PENDING, type ScoredItem, type SubnetContext, type SubnetValidator } from "../sdk/interface.js";
import { createRng, randomSeed } from "../sdk/rng.js";
import { type OcrValidatorOptions, ocrValidatorOptionsSchema } from "./options.js";
import { createOcrPipeline, type OcrPipeline } from "./pipeline.js";
import { type OcrRequest, type OcrResponse, ocrResponseSchema, responseText } from "./protocol.js";
import { DEFAULT_RENDER, type RenderOptions, renderChallenge } from "./render.js";
import { characterErrorRate, type LatencyPolicy, ocrReward } from "./reward.js";

/** What only the validator knows about a challenge. */
export interface OcrSecret {
  lines: string[];
  png: Buffer;
}

export interface OcrValidatorDeps {
  /** Clock for the penalty window (ms). */
  now?: () => number;
}

/** Per miner: answers that passed since it was last caught (warm-up), and when its penalty ends. */
interface MinerState {
  passed: number;
  penaltyUntil: number;
}

/**
 * The OCR validator: renders an image whose text it knows for each miner, scores each answer
 * by 1 - CER times a latency factor (0 under `minAccuracy`), and re-reads the boxes of a
 * miner's first `warmupAnswers` answers (which earn nothing) and of a sample after that with its own recognizer:
 * text the boxes do not hold (copied, leaked or made up) is CAUGHT (the node resets the
 * miner's moving average) and the miner scores 0 for `penaltyMs`.
 */
export async function createOcrValidator(
  context: SubnetContext,
  timeoutMs: number,
  render: RenderOptions = DEFAULT_RENDER,
  deps: OcrValidatorDeps = {},
): Promise<SubnetValidator<OcrRequest, OcrResponse>> {
  const now = deps.now ?? Date.now;
  const miners = new Map<number, MinerState>();
  const options = parseSubnetOptions("ocr", ocrValidatorOptionsSchema, context.options);
  const rng = createRng(options.seed ?? randomSeed());
  const recognizer = createOcrPipeline(
    {
      maxImageSide: 8192,
      recognitionOnly: true,
      ...(options.executionProviders ? { executionProviders: options.executionProviders } : {}),
    },
    { inference: context.inference },
  );
  await recognizer.start();
  const policy: LatencyPolicy = { fastMs: options.fastMs, timeoutMs, floor: options.latencyFloor };
  return {
    async challenge(): Promise<Challenge<OcrRequest>> {
      const rendered = renderChallenge(rng, render);
      const secret: OcrSecret = { lines: rendered.lines, png: rendered.png };
      return { request: { image: rendered.png.toString("base64") }, secret };
    },
    async score(items) {
      const rewards: number[] = [];
      const t = now();
      for (const item of items) {
        const state = miners.get(item.uid) ?? { passed: 0, penaltyUntil: 0 };
        miners.set(item.uid, state);
        // Drawn for every item, so a miner cannot learn which answers get checked.
        const warmingUp = state.passed < options.warmupAnswers;
        const check = rng.next() < options.spotCheckRate || warmingUp;
        const reward = await scoreOne(item, options, policy, recognizer, check, context);
        if (reward === CAUGHT) {
          state.passed = 0;
          state.penaltyUntil = t + options.penaltyMs;
          rewards.push(CAUGHT);
          continue;
        }
        if (reward > 0) state.passed++;
        if (state.penaltyUntil > t) rewards.push(0);
        // A passing warm-up answer proves the miner and earns nothing (a miner honest only until it is
        // trusted gains nothing); it is PENDING, not 0, so the miner counts as not yet judged: first
        // weights set while an honest miner was still in warm-up paid only the miners that had finished
        // theirs (seen in CI: the slow miner alone in the first paid epoch, the honest one at 0).
        else rewards.push(warmingUp ? (reward > 0 ? PENDING : 0) : reward);
      }
      return rewards;
    },
    close: () => recognizer.stop(),
  };
}

async function scoreOne(
  item: ScoredItem<OcrRequest, OcrResponse>,
  options: OcrValidatorOptions,
  policy: LatencyPolicy,
  recognizer: OcrPipeline,
  check: boolean,
  context: SubnetContext,
): Promise<number> {
  if (!item.outcome.ok) return 0;
  const parsed = ocrResponseSchema.safeParse(item.outcome.response);
  if (!parsed.success) return 0;
  const secret = item.challenge.secret as OcrSecret;
  const lines = parsed.data.lines;
  const truth = secret.lines.join(" ");
  const text = responseText(lines);
  // Under the minimum accuracy an answer is noise or another image's text: worth nothing.
  if (1 - characterErrorRate(text, truth) < options.minAccuracy) return 0;
  const reward = ocrReward(text, truth, item.outcome.latencyMs, policy);
  if (reward === 0 || !check || lines.length === 0) return reward;
  if (!(await boxesHoldText(recognizer, secret.png, lines, options.spotCheckMaxCer))) {
    context.logger.info({ uid: item.uid }, "ocr spot check failed: the boxes do not hold the text returned");
    return CAUGHT;
  }
  return reward;
}

/** Re-reads the miner's own boxes: the text it returned must be what those boxes show. */
export async function boxesHoldText(
  recognizer: OcrPipeline,
  png: Buffer,
  lines: OcrResponse["lines"],
  maxCer: number,
): Promise<boolean> {
  const readings = await recognizer.readBoxes(
    png,
    lines.map((l) => l.box),
  );
  const claimed = lines.map((l) => l.text).join(" ");
  return characterErrorRate(claimed, readings.join(" ")) <= maxCer;
}
