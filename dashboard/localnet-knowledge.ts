import { type Localnet, statusPortOf } from "../localnet/index.js";
import type { NodeStatusJson } from "./api-types.js";
import type { LocalnetKnowledge } from "./interface.js";

/** A node's status server gets this long per read; a node that does not answer shows as such. */
const STATUS_TIMEOUT_MS = 800;
/** Counters shown per node, at most (a node exports a few dozen series). */
const MAX_METRICS = 24;

/** Sums every `meshtensor_*` sample of a Prometheus text page by metric name (labels folded). */
export function summariseMetrics(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^(meshtensor_[a-z0-9_]+)(?:\{[^}]*\})?\s+([-0-9.e+]+|NaN)$/gm)) {
    const name = m[1]!;
    const v = Number(m[2]);
    if (!Number.isFinite(v)) continue;
    if (!(name in out) && Object.keys(out).length >= MAX_METRICS) continue;
    out[name] = (out[name] ?? 0) + v;
  }
  return out;
}

async function fetchText(url: string): Promise<string | null> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(STATUS_TIMEOUT_MS) });
    return await res.text();
  } catch {
    return null;
  }
}

/** What the localnet knows about its nodes, for the dashboard: names, behaviours, health, metrics. */
export function localnetKnowledge(localnet: Pick<Localnet, "roster" | "nodeFor">): LocalnetKnowledge {
  return {
    describe(hotkey) {
      const entry = localnet.roster().get(hotkey);
      return entry ? { name: entry.name, role: entry.role, behaviour: entry.behaviour } : null;
    },
    async nodeStatus(hotkey): Promise<NodeStatusJson | null> {
      const proc = localnet.nodeFor(hotkey);
      if (!proc) return null;
      const port = statusPortOf(proc.name);
      if (!proc.isRunning() || port === undefined) return { running: proc.isRunning(), health: null, metrics: {} };
      const [health, metrics] = await Promise.all([
        fetchText(`http://127.0.0.1:${port}/health`),
        fetchText(`http://127.0.0.1:${port}/metrics`),
      ]);
      let parsed: unknown = null;
      try {
        parsed = health === null ? null : JSON.parse(health);
      } catch {
        parsed = { raw: health?.slice(0, 200) };
      }
      return { running: true, health: parsed, metrics: metrics === null ? {} : summariseMetrics(metrics) };
    },
  };
}
