import { z } from "zod";

const sha = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lower-case hex characters");
const providers = z.array(z.enum(["cuda", "webgpu", "cpu"])).min(1);

export const inferenceMinerOptionsSchema = z
  .object({
    modelPath: z.string().min(1).optional(),
    modelSha256: sha.optional(),
    executionProviders: providers.optional(),
    maxBatch: z.number().int().min(1).max(4096).default(64),
    maxWaitMs: z.number().min(0).max(1000).default(2),
    /**
     * "worker" (default): the session runs in a worker thread, so the node keeps serving the network
     * meanwhile and batching work overlaps inference; "main" saves one message round trip per batch.
     */
    thread: z.enum(["main", "worker"]).default("worker"),
  })
  .strict();

export const inferenceValidatorOptionsSchema = z
  .object({
    modelPath: z.string().min(1).optional(),
    modelSha256: sha.optional(),
    executionProviders: providers.optional(),
    /** Fraction of answers re-executed locally and compared. */
    verifyRate: z.number().min(0).max(1).default(0.2),
    atol: z.number().min(0).default(1e-3),
    rtol: z.number().min(0).default(1e-3),
    /** A miner caught returning wrong outputs scores 0 for this long. */
    penaltyMs: z.number().int().min(0).default(3_600_000),
    /** Answers of a new (or newly caught) miner that are all re-executed before sampling starts. */
    warmupVerified: z.number().int().min(0).max(1000).default(3),
    /** Earlier answers remembered to catch replays (hashes; 32 bytes each). */
    replayMemory: z.number().int().min(0).max(1_000_000).default(65_536),
    /** Rows (first dimension) per challenge. */
    rows: z.number().int().min(1).max(4096).default(16),
    /** Sizes of dynamic dimensions other than the first, per input: { name: [d1, d2, ...] } (full dims, first ignored). */
    inputDims: z.record(z.string(), z.array(z.number().int().min(1))).optional(),
    seed: z.number().int().min(0).optional(),
  })
  .strict();

export type InferenceMinerOptions = z.output<typeof inferenceMinerOptionsSchema>;
export type InferenceValidatorOptions = z.output<typeof inferenceValidatorOptionsSchema>;
