import { Worker } from "node:worker_threads";
import type { Logger } from "../../lib/logger.js";
import { InferenceError, type InferenceErrorType } from "./errors.js";
import type { ModelSession, OpenSessionOptions } from "./session.js";
import type { NamedTensors } from "./tensor.js";
import type { FromWorker, ToWorker } from "./worker-protocol.js";

/** Worker warnings already logged in this process, so "say it once" holds across workers. */
const warned = new Set<string>();

/**
 * A ModelSession whose onnxruntime session lives in a worker thread: runs are posted to it and
 * its outputs transferred back, so the event loop keeps serving the network while a long
 * inference runs. Costs one message round trip per batch (tens of microseconds).
 */
export async function openWorkerSession(options: OpenSessionOptions, logger: Logger): Promise<ModelSession> {
  const worker = new Worker(new URL("./worker-entry.js", import.meta.url));
  const pending = new Map<number, { resolve(out: NamedTensors): void; reject(err: unknown): void }>();
  let nextId = 1;
  let dead: InferenceError | null = null;
  let opened: ((m: Extract<FromWorker, { type: "opened" }>) => void) | null = null;
  let openFailed: ((err: unknown) => void) | null = null;
  let released: (() => void) | null = null;

  const fail = (err: InferenceError) => {
    dead = err;
    for (const p of pending.values()) p.reject(err);
    pending.clear();
    openFailed?.(err);
  };
  worker.on("message", (m: FromWorker) => {
    switch (m.type) {
      case "log": {
        let entry: { msg?: string } = {};
        try {
          entry = JSON.parse(m.line) as { msg?: string };
        } catch {
          entry = { msg: m.line };
        }
        if (entry.msg && !warned.has(entry.msg)) {
          warned.add(entry.msg);
          logger.warn({ ...entry, thread: "inference-worker" }, entry.msg);
        }
        return;
      }
      case "opened":
        opened?.(m);
        return;
      case "result":
        pending.get(m.id)?.resolve(m.outputs);
        pending.delete(m.id);
        return;
      case "error": {
        const { message, ...payload } = m.error;
        const err = new InferenceError({ ...payload, path: options.path } as unknown as InferenceErrorType, message);
        if (m.id === -1) openFailed?.(err);
        else {
          pending.get(m.id)?.reject(err);
          pending.delete(m.id);
        }
        return;
      }
      case "released":
        released?.();
        return;
    }
  });
  worker.on("error", (err) =>
    fail(new InferenceError({ code: "RUN_FAILED", reason: `inference worker crashed: ${err.message}` })),
  );
  worker.on("exit", (code) => {
    if (!dead) fail(new InferenceError({ code: "RUN_FAILED", reason: `inference worker exited (code ${code})` }));
  });

  const post = (m: ToWorker) => worker.postMessage(m);
  let ready: Extract<FromWorker, { type: "opened" }>;
  try {
    ready = await new Promise((resolve, reject) => {
      opened = resolve;
      openFailed = reject;
      post({
        type: "open",
        bytes: options.bytes,
        options: {
          path: options.path,
          ...(options.executionProviders ? { executionProviders: [...options.executionProviders] } : {}),
          ...(options.intraOpThreads !== undefined ? { intraOpThreads: options.intraOpThreads } : {}),
        },
      });
    });
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  openFailed = null;

  return {
    provider: ready.provider,
    fallbacks: ready.fallbacks,
    inputs: ready.inputs,
    outputs: ready.outputs,
    run(feeds) {
      if (dead) return Promise.reject(dead);
      return new Promise<NamedTensors>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        // Inputs are copied, not transferred: a single request's tensors still belong to its caller.
        post({ type: "run", id, feeds });
      });
    },
    async release() {
      if (!dead) {
        await new Promise<void>((resolve) => {
          released = resolve;
          post({ type: "release" });
          // A wedged worker must not hold shutdown: give it a moment, then terminate regardless.
          setTimeout(resolve, 2000).unref();
        });
      }
      dead = new InferenceError({ code: "STOPPED" });
      await worker.terminate();
    },
  };
}
