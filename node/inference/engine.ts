import { basename } from "node:path";
import { errorMessage } from "../../lib/errors.js";
import type { InferenceMetrics } from "../../lib/inference.js";
import type { Logger } from "../../lib/logger.js";
import { Batcher } from "./batcher.js";
import { InferenceError } from "./errors.js";
import type { InferenceEngine, InferenceEngineFactory, InferenceStats } from "./interface.js";
import { readModelFile } from "./model-file.js";
import { type ExecutionProvider, type InferenceOptions, type InferenceOptionsInput, inferenceOptionsSchema } from "./options.js";
import { type ModelSession, openSession, zeroFeeds } from "./session.js";
import type { NamedTensors, TensorSpec } from "./tensor.js";
import { validateInputs } from "./validate.js";
import { openWorkerSession } from "./worker-session.js";

export interface InferenceDeps {
  logger: Logger;
  metrics?: InferenceMetrics | null;
}

export function createInferenceEngine(options: InferenceOptionsInput, deps: InferenceDeps): InferenceEngine {
  return new OnnxInferenceEngine(inferenceOptionsSchema.parse(options), deps);
}

/** The factory the node hands to subnets in `SubnetContext.inference`: engines sharing these deps. */
export function inferenceEngineFactory(deps: InferenceDeps): InferenceEngineFactory {
  return (options) => createInferenceEngine(options, deps);
}

class OnnxInferenceEngine implements InferenceEngine {
  private session: ModelSession | null = null;
  private batcher: Batcher | null = null;
  private readonly counters: InferenceStats = { runs: 0, requests: 0, rows: 0 };
  private readonly label: string;
  private readonly metrics: InferenceMetrics | null;

  constructor(
    private readonly options: InferenceOptions,
    private readonly deps: InferenceDeps,
  ) {
    this.label = basename(options.modelPath);
    this.metrics = deps.metrics ?? null;
  }

  get sha256(): string {
    return this.options.sha256;
  }

  get provider(): ExecutionProvider {
    return this.requireSession().provider;
  }

  get inputs(): readonly TensorSpec[] {
    return this.requireSession().inputs;
  }

  get outputs(): readonly TensorSpec[] {
    return this.requireSession().outputs;
  }

  stats(): InferenceStats {
    return { ...this.counters };
  }

  async start(): Promise<void> {
    if (this.session) return;
    const started = performance.now();
    const bytes = await readModelFile(this.options.modelPath, this.options.sha256, this.options.maxModelBytes);
    const open = this.options.thread === "worker" ? openWorkerSession : openSession;
    const session = await open(
      {
        path: this.options.modelPath,
        bytes,
        ...(this.options.executionProviders ? { executionProviders: this.options.executionProviders } : {}),
        ...(this.options.intraOpThreads !== undefined ? { intraOpThreads: this.options.intraOpThreads } : {}),
      },
      this.deps.logger,
    );
    // Batching concatenates along the first dimension, so it needs that dimension to be dynamic.
    const batchable =
      session.inputs.every((s) => typeof s.dims[0] === "string") && session.outputs.every((s) => typeof s.dims[0] === "string");
    if (this.options.warmup) {
      try {
        await session.run(zeroFeeds(session.inputs, 1));
      } catch (err) {
        await session.release();
        throw new InferenceError(
          { code: "MODEL_UNSUPPORTED", path: this.options.modelPath, reason: `warm-up run failed: ${errorMessage(err)}` },
          `model ${this.options.modelPath} failed its warm-up run: ${errorMessage(err)}`,
        );
      }
    }
    this.session = session;
    this.metrics?.setProvider(this.label, session.provider);
    for (const f of session.fallbacks) this.metrics?.countFallback(this.label, f.provider, f.code);
    this.batcher = new Batcher(
      { maxBatch: this.options.maxBatch, maxWaitMs: this.options.maxWaitMs, maxQueue: this.options.maxQueue, batchable },
      (feeds) => session.run(feeds),
      {
        onRun: (seconds, rows, requests) => {
          this.counters.runs++;
          this.counters.rows += rows;
          this.counters.requests += requests;
          this.metrics?.observeRun(this.label, seconds, rows);
        },
        onQueueDepth: (depth) => this.metrics?.setQueueDepth(this.label, depth),
      },
    );
    this.deps.logger.info(
      {
        model: this.label,
        provider: session.provider,
        ...(session.fallbacks.length > 0 ? { passedOver: session.fallbacks.map((f) => `${f.provider}:${f.code}`) } : {}),
        thread: this.options.thread,
        batchable,
        ms: Math.round(performance.now() - started),
      },
      "inference model loaded",
    );
  }

  async stop(): Promise<void> {
    const session = this.session;
    const batcher = this.batcher;
    this.batcher = null;
    this.session = null;
    // The batch in flight finishes (and answers its callers) before the session is released under it.
    await batcher?.close();
    if (session) await session.release();
  }

  async infer(inputs: NamedTensors, options: { signal?: AbortSignal } = {}): Promise<NamedTensors> {
    const session = this.requireSession();
    const batcher = this.batcher as Batcher;
    let rows: number;
    try {
      rows = validateInputs(inputs, session.inputs, this.options);
    } catch (err) {
      this.metrics?.countRequest(this.label, "bad_input");
      throw err;
    }
    try {
      const out = await batcher.submit(inputs, rows, options.signal);
      this.metrics?.countRequest(this.label, "ok");
      return out;
    } catch (err) {
      const refused = err instanceof InferenceError && ["QUEUE_FULL", "ABORTED", "STOPPED"].includes(err.code);
      this.metrics?.countRequest(this.label, refused ? "refused" : "error");
      throw err;
    }
  }

  private requireSession(): ModelSession {
    if (!this.session) throw new InferenceError({ code: "NOT_STARTED" }, "inference engine not started");
    return this.session;
  }
}
