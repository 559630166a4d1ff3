import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { stringify as toYaml } from "yaml";
import { parseConfig } from "../node/config/index.js";
import { loadSubnet } from "../subnets/index.js";
import type { LaunchContext, NodeLauncher } from "./launcher.js";
import type { ManagedProcess } from "./processes.js";
import type { NeuronPlan } from "./provision.js";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(REPO_ROOT, "bin", "meshtensor.js");
const MINER_ENTRY = join(REPO_ROOT, "localnet", "miner-entry.ts");

/** A free TCP port on 127.0.0.1 (for a node's status server, so the localnet can read its metrics). */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function subnetOptions(plan: NeuronPlan, ctx: LaunchContext): { options?: Record<string, unknown> } {
  const options = plan.role === "validator" ? ctx.config.subnetOptions.validator : ctx.config.subnetOptions.miner;
  return Object.keys(options).length > 0 ? { options } : {};
}

/** Node config (configs/validator.yml / miner.yml shape) for one neuron of the localnet. */
export function nodeConfigFor(
  plan: NeuronPlan,
  ctx: LaunchContext,
  statusPort: number,
  queryTimeoutMs: number,
): Record<string, unknown> {
  const common = {
    chain: { endpoint: ctx.endpoint },
    wallet: { path: join(ctx.home, "wallets"), name: plan.wallet, hotkey: plan.hotkeyName },
    dataDir: join(ctx.home, "nodes", plan.name, "data"),
    subnets: [{ netuid: ctx.netuid, subnet: ctx.subnet, ...subnetOptions(plan, ctx) }],
    // Every node is on this host: exempt it from libp2p's per-host inbound connection rate limit.
    network: { listen: ["/ip4/127.0.0.1/tcp/0"], allow: ["127.0.0.1"] },
    status: { enabled: true, host: "127.0.0.1", port: statusPort },
    log: { level: ctx.config.nodeLogLevel },
  };
  if (plan.role === "validator") {
    // Short steps so the first epochs already carry weights from several rounds, but not so short
    // that CPU-bound miners (OCR: ~0.3 s an image here) saturate a 2-core machine.
    const stepIntervalMs = Math.max(2_000, Math.round(queryTimeoutMs / 2));
    return { ...common, validator: { stepIntervalMs } };
  }
  return { ...common, miner: { metagraphSyncMs: 2_000 } };
}

/** Where each node's status server listens, by process name (to read query counters). */
const statusPorts = new Map<string, number>();

/** The status server port (/health, /metrics on 127.0.0.1) of the node process `name`. */
export function statusPortOf(name: string): number | undefined {
  return statusPorts.get(name);
}

/**
 * Validators run the real `meshtensor node validator --config FILE`; miners run
 * `localnet/miner-entry.ts`, which builds the same node through node/app with the subnet
 * wrapped in the miner's behaviour (honest ones record answers for the copying miner).
 */
export function createNodeLauncher(): NodeLauncher {
  return {
    async spec(plan: NeuronPlan, ctx: LaunchContext) {
      const dir = join(ctx.home, "nodes", plan.name);
      await mkdir(dir, { recursive: true });
      const statusPort = await freePort();
      const subnet = await loadSubnet(ctx.subnet);
      const raw = nodeConfigFor(plan, ctx, statusPort, subnet.queryTimeoutMs);
      parseConfig(raw); // a config the node would refuse fails here, naming the key
      const configPath = join(dir, "config.yml");
      await writeFile(configPath, toYaml(raw));
      statusPorts.set(plan.name, statusPort);
      const env = { ...process.env };
      const logFile = join(ctx.home, "logs", `${plan.name}.log`);
      if (plan.role === "validator") {
        return {
          name: plan.name,
          command: process.execPath,
          args: [CLI, "node", "validator", "--config", configPath],
          env,
          logFile,
        };
      }
      const slowMs = ctx.config.slowMs ?? Math.round(subnet.queryTimeoutMs * 0.6);
      const args = [
        "--import",
        "tsx",
        MINER_ENTRY,
        "--config",
        configPath,
        "--behaviour",
        plan.behaviour === "-" ? "honest" : plan.behaviour,
        "--miner-id",
        plan.name,
        "--answers",
        join(ctx.home, "answers"),
        "--slow-ms",
        String(slowMs),
        "--offline-after-ms",
        String(Math.round(ctx.config.offlineAfterS * 1000)),
        "--flap-ms",
        String(Math.round(ctx.config.flapS * 1000)),
      ];
      return { name: plan.name, command: process.execPath, args, env, logFile, cwd: REPO_ROOT };
    },
  };
}

let lastTotal: { at: number; total: number } | null = null;

/** Sum of validators' outbound query counters, as a rate since the previous call. */
export async function readValidatorQps(procs: ManagedProcess[]): Promise<number | null> {
  let total = 0;
  let read = 0;
  for (const proc of procs) {
    const port = statusPorts.get(proc.name);
    if (!proc.name.startsWith("validator") || port === undefined || !proc.isRunning()) continue;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(500) });
      const text = await res.text();
      for (const m of text.matchAll(/^meshtensor_outbound_queries_total(?:\{[^}]*\})?\s+([0-9.e+]+)$/gm)) total += Number(m[1]);
      read++;
    } catch {
      // Not up yet.
    }
  }
  if (read === 0) return null;
  const now = Date.now();
  const prev = lastTotal;
  lastTotal = { at: now, total };
  if (!prev || now <= prev.at) return null;
  return Math.max(0, (total - prev.total) / ((now - prev.at) / 1000));
}
