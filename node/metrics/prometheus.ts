import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";
import type { Metrics, NetworkCounters } from "./interface.js";

// Buckets in seconds from 0.5 ms (a warm loopback round trip) to 30 s (a slow model).
const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export function createMetrics(options: { role: string; defaultMetrics?: boolean }): Metrics {
  const registry = new Registry();
  registry.setDefaultLabels({ role: options.role });
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });

  const inbound = new Counter({
    name: "meshtensor_inbound_queries_total",
    help: "Queries received, by subnet and status",
    labelNames: ["netuid", "status"],
    registers: [registry],
  });
  const inboundSeconds = new Histogram({
    name: "meshtensor_inbound_query_seconds",
    help: "Time from receiving a query to sending its response",
    labelNames: ["netuid", "status"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const refusals = new Counter({
    name: "meshtensor_refusals_total",
    help: "Queries refused, by reason",
    labelNames: ["netuid", "reason"],
    registers: [registry],
  });
  const outbound = new Counter({
    name: "meshtensor_outbound_queries_total",
    help: "Queries sent, by outcome",
    labelNames: ["netuid", "outcome"],
    registers: [registry],
  });
  const outboundSeconds = new Histogram({
    name: "meshtensor_outbound_query_seconds",
    help: "Round-trip time of one query as the validator saw it",
    labelNames: ["netuid", "outcome"],
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const scores = new Gauge({
    name: "meshtensor_score",
    help: "Moving-average score per uid",
    labelNames: ["netuid", "uid"],
    registers: [registry],
  });
  const weights = new Counter({
    name: "meshtensor_weights_set_total",
    help: "Weights set, committed or revealed",
    labelNames: ["netuid", "kind"],
    registers: [registry],
  });
  const chainErrors = new Counter({
    name: "meshtensor_chain_errors_total",
    help: "Failed chain calls, by operation",
    labelNames: ["operation"],
    registers: [registry],
  });
  const stepSeconds = new Histogram({
    name: "meshtensor_validator_step_seconds",
    help: "Duration of one validator step",
    labelNames: ["netuid"],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers: [registry],
  });

  let network: (() => NetworkCounters) | null = null;
  const setAll = (metric: Counter<"reason">, values: Record<string, number>): void => {
    metric.reset();
    for (const [reason, value] of Object.entries(values)) metric.inc({ reason }, value);
  };
  new Counter({
    name: "meshtensor_dial_failures_total",
    help: "Failed dials, by reason (timeout, refused, backoff: refused without dialling while the peer backs off, other)",
    labelNames: ["reason"],
    registers: [registry],
    collect() {
      if (network !== null) setAll(this, network().dialFailures);
    },
  });
  new Counter({
    name: "meshtensor_peer_limit_refusals_total",
    help: "What the peer limits refused or closed, by reason (dht stranger/type/rate, stranger connection refused/reaped, address dropped)",
    labelNames: ["reason"],
    registers: [registry],
    collect() {
      if (network !== null) setAll(this, network().refusals);
    },
  });
  new Gauge({
    name: "meshtensor_stranger_connections",
    help: "Inbound connections from peers no metagraph lists",
    registers: [registry],
    collect() {
      if (network !== null) this.set(network().strangerConnections);
    },
  });

  return {
    watchNetwork(read) {
      network = read;
    },
    inboundQuery(netuid, status, seconds) {
      const labels = { netuid: String(netuid), status };
      inbound.inc(labels);
      inboundSeconds.observe(labels, seconds);
      if (status !== "ok") refusals.inc({ netuid: String(netuid), reason: status });
    },
    outboundQuery(netuid, outcome, seconds) {
      const labels = { netuid: String(netuid), outcome };
      outbound.inc(labels);
      outboundSeconds.observe(labels, seconds);
    },
    score(netuid, uid, value) {
      scores.set({ netuid: String(netuid), uid: String(uid) }, value);
    },
    weightsSet(netuid, kind) {
      weights.inc({ netuid: String(netuid), kind });
    },
    chainError(operation) {
      chainErrors.inc({ operation });
    },
    step(netuid, seconds) {
      stepSeconds.observe({ netuid: String(netuid) }, seconds);
    },
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
