import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { ExecutionProvider, InferenceMetrics } from "../../lib/inference.js";

const PROVIDERS: readonly ExecutionProvider[] = ["cuda", "webgpu", "cpu"];

/**
 * The inference engines' metrics on a prom-client registry (node/metrics is the only prom-client
 * user in the product): pass the result as `InferenceDeps.metrics` to `inferenceEngineFactory`.
 */
export function createInferenceMetrics(registry: Registry): InferenceMetrics {
  const seconds = new Histogram({
    name: "meshtensor_inference_seconds",
    help: "Time of one session run (one batch), in seconds",
    labelNames: ["model"],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const batch = new Histogram({
    name: "meshtensor_inference_batch_rows",
    help: "Rows (first dimension) per session run",
    labelNames: ["model"],
    buckets: [1, 2, 4, 8, 16, 32, 64, 128, 256],
    registers: [registry],
  });
  const depth = new Gauge({
    name: "meshtensor_inference_queue_depth",
    help: "Requests waiting for a batch",
    labelNames: ["model"],
    registers: [registry],
  });
  const requests = new Counter({
    name: "meshtensor_inference_requests_total",
    help: "Inference requests by outcome",
    labelNames: ["model", "outcome"],
    registers: [registry],
  });
  const provider = new Gauge({
    name: "meshtensor_inference_provider",
    help: "1 for the execution provider a model's session runs on, 0 for the others",
    labelNames: ["model", "provider"],
    registers: [registry],
  });
  const fallbacks = new Counter({
    name: "meshtensor_inference_provider_fallbacks_total",
    help: "Execution providers asked for and passed over when a model was loaded, by reason",
    labelNames: ["model", "provider", "reason"],
    registers: [registry],
  });
  return {
    setProvider(model, used) {
      for (const p of PROVIDERS) provider.set({ model, provider: p }, p === used ? 1 : 0);
    },
    countFallback(model, p, reason) {
      fallbacks.inc({ model, provider: p, reason });
    },
    observeRun(model, s, rows) {
      seconds.observe({ model }, s);
      batch.observe({ model }, rows);
    },
    setQueueDepth(model, d) {
      depth.set({ model }, d);
    },
    countRequest(model, outcome) {
      requests.inc({ model, outcome });
    },
  };
}
