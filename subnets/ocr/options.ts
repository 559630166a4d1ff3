import { z } from "zod";

export const ocrMinerOptionsSchema = z
  .object({
    executionProviders: z
      .array(z.enum(["cuda", "webgpu", "cpu"]))
      .min(1)
      .optional(),
    /** Largest image side accepted, in pixels. */
    maxImageSide: z.number().int().min(32).max(8192).default(2048),
  })
  .strict();

export const ocrValidatorOptionsSchema = z
  .object({
    executionProviders: z
      .array(z.enum(["cuda", "webgpu", "cpu"]))
      .min(1)
      .optional(),
    /** Fraction of answers whose boxes the validator re-reads with its own recognizer. */
    spotCheckRate: z.number().min(0).max(1).default(0.25),
    /** Largest CER between the miner's text and the validator's reading of the miner's boxes. */
    spotCheckMaxCer: z.number().min(0).max(1).default(0.34),
    /** Answers whose accuracy (1 - CER) is under this score 0 (another image's text, noise). */
    minAccuracy: z.number().min(0).max(1).default(0.5),
    /** A miner's first answers (and again after a catch) whose boxes are all re-read. */
    warmupAnswers: z.number().int().min(0).max(1000).default(3),
    /** A miner whose boxes do not hold its text scores 0 for this long. */
    penaltyMs: z.number().int().min(0).default(3_600_000),
    /** Answers this fast get the full latency factor. */
    fastMs: z.number().int().min(0).default(1000),
    /** Latency factor at the deadline. */
    latencyFloor: z.number().min(0).max(1).default(0.5),
    /** Fixed seed for reproducible challenges (tests); absent: fresh OS randomness. */
    seed: z.number().int().min(0).optional(),
  })
  .strict();

export type OcrMinerOptions = z.output<typeof ocrMinerOptionsSchema>;
export type OcrValidatorOptions = z.output<typeof ocrValidatorOptionsSchema>;
