import { z } from "zod";
import type { ExecutionProvider as ContractProvider, InferenceEngineOptions } from "../../lib/inference.js";

export const executionProviderSchema = z.enum(["cuda", "webgpu", "cpu"]);
export type ExecutionProvider = z.infer<typeof executionProviderSchema>;

/** One engine = one model file. Parsed once at the edge; `.strict()` so a typo names the key. */
export const inferenceOptionsSchema = z
  .object({
    modelPath: z.string().min(1),
    /** Lower-case hex sha256 of the model file; the file is refused when it differs. */
    sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lower-case hex characters"),
    /**
     * Providers in order of preference. Absent: CUDA when its provider library is installed, else CPU,
     * quietly. Present: each GPU provider is tried in turn; one that is missing or fails to start is
     * logged once (with the reason) and counted in `/metrics`, and the next is tried, the CPU last.
     */
    executionProviders: z.array(executionProviderSchema).min(1).optional(),
    /** Rows per batch (the first dimension); requests arriving together are run as one batch up to this. */
    maxBatch: z.number().int().min(1).max(4096).default(16),
    /**
     * How long the first request of a batch may wait for company. 0 (default): no added latency;
     * requests submitted together, or arriving while a batch runs, still form the next batch.
     */
    maxWaitMs: z.number().min(0).max(10_000).default(0),
    /** Requests waiting beyond this are refused (QUEUE_FULL) instead of growing memory without bound. */
    maxQueue: z.number().int().min(1).max(1_000_000).default(1024),
    /** Size ceiling of one request's inputs, all tensors together. */
    maxInputBytes: z
      .number()
      .int()
      .min(1)
      .default(64 * 1024 * 1024),
    /** Ceiling for any dynamic dimension (a fixed one must match exactly). */
    maxDimension: z.number().int().min(1).default(16_384),
    maxModelBytes: z
      .number()
      .int()
      .min(1)
      .default(1024 * 1024 * 1024),
    /** Refuse NaN and infinities in float inputs (they poison a whole batch). */
    rejectNonFinite: z.boolean().default(true),
    /** Run one batch of zeros at start so the first real request does not pay for lazy init. */
    warmup: z.boolean().default(true),
    intraOpThreads: z.number().int().min(0).max(256).optional(),
    /**
     * Where the session runs. "main": on the calling thread (fastest for sub-millisecond models,
     * but onnxruntime-node holds the event loop for the whole run). "worker": in a worker thread,
     * so a node keeps answering the network during long inferences (one message round trip per batch).
     */
    thread: z.enum(["main", "worker"]).default("main"),
  })
  .strict();

export type InferenceOptionsInput = z.input<typeof inferenceOptionsSchema>;
export type InferenceOptions = z.output<typeof inferenceOptionsSchema>;

// The schema must accept what the subnet SDK's contract lets a subnet ask (lib/inference.ts), and
// name the same providers: a compile error here means the two have drifted apart.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const providersMatch: Same<ExecutionProvider, ContractProvider> = true;
const contractFits: InferenceEngineOptions extends InferenceOptionsInput ? true : false = true;
void providersMatch;
void contractFits;
