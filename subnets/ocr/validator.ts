import { parseSubnetOptions } from "../sdk/errors.js";
import type { Challenge, ScoredItem, SubnetContext, SubnetValidator } from "../sdk/interface.js";
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

/**
 * The OCR validator: renders images whose text it knows, scores each answer by 1 - CER times
 * a latency factor, and re-reads a sample of answers' boxes with its own recognizer so text the
 * boxes do not hold (copied, guessed or made up) earns nothing.
 */
export async function createOcrValidator(
  context: SubnetContext,
  timeoutMs: number,
  render: RenderOptions = DEFAULT_RENDER,
): Promise<SubnetValidator<OcrRequest, OcrResponse>> {
  const options = parseSubnetOptions("ocr", ocrValidatorOptionsSchema, context.options);
  const rng = createRng(options.seed ?? randomSeed());
  const recognizer = createOcrPipeline(
    {
      maxImageSide: 8192,
      recognitionOnly: true,
      ...(options.executionProviders ? { executionProviders: options.executionProviders } : {}),
    },
    { logger: context.logger, metrics: context.inferenceMetrics ?? null },
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
      for (const item of items) rewards.push(await scoreOne(item, options, policy, recognizer, rng.next(), context));
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
  draw: number,
  context: SubnetContext,
): Promise<number> {
  if (!item.outcome.ok) return 0;
  const parsed = ocrResponseSchema.safeParse(item.outcome.response);
  if (!parsed.success) return 0;
  const secret = item.challenge.secret as OcrSecret;
  const lines = parsed.data.lines;
  const reward = ocrReward(responseText(lines), secret.lines.join(" "), item.outcome.latencyMs, policy);
  if (reward === 0 || draw >= options.spotCheckRate || lines.length === 0) return reward;
  if (!(await boxesHoldText(recognizer, secret.png, lines, options.spotCheckMaxCer))) {
    context.logger.info({ uid: item.uid }, "ocr spot check failed: the boxes do not hold the text returned");
    return 0;
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
