import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Command } from "commander";
import { createChainClient } from "../../chain/client/index.js";
import { errorMessage, hasErrorCode } from "../../lib/errors.js";
import { createLogger } from "../../lib/logger.js";
import {
  createLocalnet,
  createNodeLauncher,
  formatTokens,
  type LocalnetConfig,
  loadLocalnetConfig,
  provisionOnly,
  readValidatorQps,
} from "../../localnet/index.js";
import { CliError } from "../errors.js";
import { dashboardPortFlag, startDashboard } from "./dashboard.js";

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const DEFAULT_LOCALNET_CONFIG = join(REPO_ROOT, "configs", "localnet.yml");

function int(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw CliError.usage(`${flag}: "${text}" is not a whole number`);
  return Number(text);
}

/** Flags -> overrides of the config file (commander gives strings; the schema checks ranges). */
export function flagsToOverrides(o: Record<string, unknown>): Record<string, unknown> {
  const str = (k: string) => (typeof o[k] === "string" ? (o[k] as string) : undefined);
  return {
    subnet: str("subnet"),
    validators: int("--validators", str("validators")),
    miners: int("--miners", str("miners")),
    epochs: int("--epochs", str("epochs")),
    watch: o.watch === true ? true : undefined,
    json: str("json"),
    home: str("home"),
    keepHome: o.keepHome === true ? true : undefined,
    liveView: o.live === false ? false : undefined,
    nodeLogLevel: str("nodeLogLevel"),
    chain: {
      port: int("--port", str("port")),
      blockMs: int("--block-time", str("blockTime")),
      stateFile: str("state"),
      engine: str("engine"),
      authorities: int("--authorities", str("authorities")),
    },
    deregistration: o.deregistration === false ? { neuron: false, subnet: false } : undefined,
    behaviours: behavioursFlag(str("behaviours")),
    bondModel: bondModelOf(o),
  };
}

/** `--behaviours random,copy,replay` (empty: every miner honest); the schema names a bad entry. */
function behavioursFlag(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text
    .split(",")
    .map((b) => b.trim())
    .filter((b) => b.length > 0);
}

/** `--yuma3` and `--liquid-alpha` (which needs Yuma 3: liquid alpha has no effect on the classic epoch). */
function bondModelOf(o: Record<string, unknown>): string | undefined {
  if (o.liquidAlpha === true && o.yuma3 !== true)
    throw CliError.usage("--liquid-alpha: needs --yuma3 (liquid alpha only changes the Yuma 3 bond path)");
  if (o.liquidAlpha === true) return "yuma3-liquid-alpha";
  return o.yuma3 === true ? "yuma3" : undefined;
}

export async function resolveLocalnetConfig(o: Record<string, unknown>): Promise<LocalnetConfig> {
  const explicit = typeof o.config === "string" ? o.config : null;
  const path = explicit ?? (existsSync(DEFAULT_LOCALNET_CONFIG) ? DEFAULT_LOCALNET_CONFIG : null);
  try {
    return await loadLocalnetConfig(path, flagsToOverrides(o));
  } catch (err) {
    if (hasErrorCode(err, "INVALID_CONFIG") || hasErrorCode(err, "CONFIG_NOT_FOUND")) throw CliError.usage(errorMessage(err));
    throw err;
  }
}

/** `meshtensor localnet` (and `npm run localnet`): the whole network on this machine. */
export function registerLocalnetCommands(program: Command): void {
  program
    .command("localnet")
    .description(
      "run a whole local network: dev chain, a subnet, validators and miners as processes, epochs paid, deregistrations",
    )
    .option("--config <file>", "localnet YAML config (default: configs/localnet.yml)")
    .option("--subnet <name>", "subnet to run: ocr | inference")
    .option("--validators <n>", "number of validators")
    .option("--miners <n>", "number of miners (the first ones misbehave: random, copy, slow, offline)")
    .option(
      "--behaviours <list>",
      "what the first miners do, comma-separated: honest, random, copy, replay, slow, flapping, offline (the rest are honest)",
    )
    .option("--epochs <n>", "stop after this many epochs in which miners were paid")
    .option("--watch", "run until Ctrl-C")
    .option("--json <file>", "write a report (per epoch, per neuron, deregistrations; amounts in base units)")
    .option("--port <port>", "dev chain RPC port on 127.0.0.1 (0: any free port)")
    .option("--block-time <ms>", "a block every <ms>")
    .option("--state <path>", "keep the chain's state: a SQLite file (embedded) or a directory (node engine)")
    .option("--engine <engine>", "chain engine: embedded (chopsticks) | node (meshtensor-node; scripts/build-node.sh once)")
    .option("--authorities <n>", "node engine: 1 seals blocks itself; 2-6 run Aura + GRANDPA (6 s blocks)")
    .option("--home <dir>", "keep wallets, node configs and logs here (default: a temp dir removed at exit)")
    .option("--keep-home", "do not remove the temp home at exit")
    .option("--no-deregistration", "skip the neuron and subnet replacement demos")
    .option("--no-live", "no live status line")
    .option("--yuma3", "run the subnet's epoch with Yuma 3 bonds (spec/yuma3.md) instead of the classic ones")
    .option("--liquid-alpha", "with --yuma3: per-bond EMA rates from a sigmoid of consensus (liquid alpha)")
    .option("--node-log-level <level>", "log level of the node processes (logs go to <home>/logs)")
    .option(
      "--provision-only",
      "only the on-chain setup against the running chain at --chain, plus node configs in --home (for containers)",
    )
    .option("--chain <url>", "with --provision-only: the chain to provision", "ws://127.0.0.1:9944")
    .option("--dashboard [port]", "serve the web dashboard on 127.0.0.1 (default port 8080), with node names and health")
    .addHelpText(
      "after",
      "\nExamples:\n  $ npm run localnet\n  $ npx meshtensor localnet --subnet inference --miners 4 --epochs 2 --json report.json\n  $ npx meshtensor localnet --subnet inference --miners 8 --behaviours random,copy,replay,flapping,slow,offline\n  $ npx meshtensor localnet --yuma3 --liquid-alpha --json yuma3.json   # compare with a classic run\n  $ npx meshtensor localnet --watch --block-time 500 --dashboard\n  $ npx meshtensor localnet --engine node --authorities 3 --epochs 2\n  $ npx meshtensor localnet --provision-only --chain ws://127.0.0.1:9944 --home /data --validators 1 --miners 2\n",
    )
    .action(async (o: Record<string, unknown>) => {
      if (o.provisionOnly === true) return provisionCommand(o);
      const startedAt = Date.now();
      const config = await resolveLocalnetConfig(o);
      const dashboardPort = dashboardPortFlag(o.dashboard);
      const logger = createLogger({ level: (process.env.MESHTENSOR_LOG_LEVEL as "info" | undefined) ?? "warn" }).child({
        module: "localnet",
      });
      const localnet = createLocalnet(config, { logger, launcher: createNodeLauncher(), startedAt, readQps: readValidatorQps });
      let interrupted = false;
      const onSignal = () => {
        if (interrupted) {
          // Second Ctrl-C: leave now; the supervisor's exit hook kills every node group.
          process.exit(130);
        }
        interrupted = true;
        process.stderr.write("\nstopping (Ctrl-C again to force)...\n");
        void localnet.stop();
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      let dashboard: Awaited<ReturnType<typeof startDashboard>> | null = null;
      try {
        await localnet.start();
        if (dashboardPort !== null && localnet.endpoint) {
          dashboard = await startDashboard({ chain: localnet.endpoint, port: dashboardPort }, localnet);
          process.stdout.write(`dashboard on ${dashboard.url}\n`);
        }
        const report = await localnet.run();
        const last = report.epochs.at(-1);
        process.stdout.write(
          `\ndone: ${report.epochs.length} epochs seen, first paid epoch ${
            report.firstEpochPaidMs === null ? "never" : `${(report.firstEpochPaidMs / 1000).toFixed(1)} s after start`
          }${last ? `, last paid ${formatTokens(last.ownerCut + last.validatorsTotal + last.minersTotal, 6)}` : ""}, ${report.deregistrations.length} deregistrations, bond model ${report.bondModel}${
            report.chain
              ? `; chain ${report.chain.engine} at #${report.chain.bestBlock}, finalized #${report.chain.finalizedBlock}`
              : ""
          }\n`,
        );
      } finally {
        await dashboard?.stop();
        await localnet.stop();
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        if (config.json) process.stdout.write(`report written to ${config.json}\n`);
      }
    });
}

/** `localnet --provision-only`: the on-chain setup against a running chain, node configs in --home. */
async function provisionCommand(o: Record<string, unknown>): Promise<void> {
  if (typeof o.home !== "string")
    throw CliError.usage("--home: required with --provision-only (wallets and node configs go there)");
  const config = await resolveLocalnetConfig({ ...o, home: undefined });
  const home = resolve(o.home);
  const endpoint = String(o.chain);
  const logger = createLogger({ level: "warn" }).child({ module: "localnet" });
  const client = createChainClient({ endpoint, connectTimeoutMs: 60_000 }, { logger });
  await client.connect();
  try {
    const { net, configs } = await provisionOnly(config, { client, endpoint, home, launcher: createNodeLauncher(), logger });
    process.stdout.write(`subnet ${net.netuid} (${config.subnet}) provisioned; start the nodes with:\n`);
    for (const c of configs) process.stdout.write(`  meshtensor node ${c.role} --config ${c.config}\n`);
  } finally {
    await client.close();
  }
}
