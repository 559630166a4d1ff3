import { parentPort } from "node:worker_threads";
import { pino } from "pino";
import { InferenceError } from "./errors.js";
import { type ModelSession, openSession } from "./session.js";
import type { NamedTensors } from "./tensor.js";
import type { FromWorker, ToWorker } from "./worker-protocol.js";

/**
 * The body of an inference worker thread: one session, opened and run here so a long inference
 * does not hold the node's event loop (onnxruntime-node runs a session synchronously on the
 * calling thread).
 */
const port = parentPort;
if (!port) throw new Error("session-worker must run as a worker thread");

// Warnings (e.g. CUDA missing) go to the parent, which logs them through its own logger.
const logger = pino({ level: "warn" }, { write: (line: string) => send({ type: "log", line }) });
let session: ModelSession | null = null;

function send(message: FromWorker, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

function errorPayload(err: unknown): { code: string; reason: string; message: string } {
  if (err instanceof InferenceError) {
    const t = err.type as { code: string; reason?: string };
    return { code: t.code, reason: t.reason ?? err.message, message: err.message };
  }
  const message = err instanceof Error ? err.message : String(err);
  return { code: "RUN_FAILED", reason: message, message };
}

port.on("message", async (message: ToWorker) => {
  switch (message.type) {
    case "open":
      try {
        session = await openSession({ ...message.options, bytes: message.bytes }, logger);
        send({
          type: "opened",
          provider: session.provider,
          fallbacks: [...session.fallbacks],
          inputs: [...session.inputs],
          outputs: [...session.outputs],
        });
      } catch (err) {
        send({ type: "error", id: -1, error: errorPayload(err) });
      }
      return;
    case "run": {
      if (!session) {
        send({ type: "error", id: message.id, error: { code: "NOT_STARTED", reason: "no session", message: "no session" } });
        return;
      }
      try {
        const out: NamedTensors = await session.run(message.feeds);
        // Outputs are this thread's own buffers: hand them over instead of copying.
        const transfer = Object.values(out).map((t) => t.data.buffer as ArrayBuffer);
        send({ type: "result", id: message.id, outputs: out }, [...new Set(transfer)]);
      } catch (err) {
        send({ type: "error", id: message.id, error: errorPayload(err) });
      }
      return;
    }
    case "release":
      await session?.release();
      session = null;
      send({ type: "released" });
      return;
  }
});
