import type { Command } from "commander";
import {
  createDashboard,
  type Dashboard,
  DashboardError,
  type DashboardOptions,
  localnetKnowledge,
} from "../../dashboard/index.js";
import { createLogger } from "../../lib/logger.js";
import type { Localnet } from "../../localnet/index.js";
import { parseUint } from "../amount.js";
import { DEFAULT_CHAIN } from "../context.js";
import { CliError } from "../errors.js";

export const DEFAULT_DASHBOARD_PORT = 8080;

/** Builds the dashboard; a bad option is a usage error naming the flag. */
export async function startDashboard(
  options: DashboardOptions,
  localnet?: Pick<Localnet, "roster" | "nodeFor">,
): Promise<Dashboard> {
  const logger = createLogger({ level: (process.env.MESHTENSOR_LOG_LEVEL as "info" | undefined) ?? "warn" }).child({
    module: "dashboard",
  });
  let dashboard: Dashboard;
  try {
    dashboard = createDashboard(options, { logger, localnet: localnet ? localnetKnowledge(localnet) : undefined });
  } catch (err) {
    if (err instanceof DashboardError && err.type.code === "INVALID_OPTIONS") {
      throw CliError.usage(`--${err.type.field}: ${err.type.reason}`);
    }
    throw err;
  }
  await dashboard.start();
  return dashboard;
}

/** `--dashboard [port]` of `localnet`: true (no value) means the default port. */
export function dashboardPortFlag(value: unknown): number | null {
  if (value === undefined || value === false) return null;
  if (value === true) return DEFAULT_DASHBOARD_PORT;
  return parseUint("--dashboard", String(value), 65535);
}

/** `meshtensor dashboard`: the live web view of a chain, until Ctrl-C. */
export function registerDashboardCommand(program: Command, io: { stdout: { write(s: string): unknown } }): void {
  program
    .command("dashboard")
    .description("serve a live web dashboard of the network: subnets, metagraph, weights, payouts (on 127.0.0.1)")
    .option("--chain <url>", "the chain to follow", DEFAULT_CHAIN)
    .option("--port <port>", "HTTP port (0: any free port)", String(DEFAULT_DASHBOARD_PORT))
    .option("--host <host>", "listen address; anything but 127.0.0.1 exposes the dashboard on purpose", "127.0.0.1")
    .addHelpText("after", "\nExample:\n  $ meshtensor dashboard --chain ws://127.0.0.1:9944 --port 8080\n")
    .action(async (o: { chain: string; port: string; host: string }) => {
      let requestStop!: () => void;
      const stopRequested = new Promise<void>((r) => (requestStop = r));
      process.once("SIGINT", requestStop);
      process.once("SIGTERM", requestStop);
      try {
        const dashboard = await startDashboard({ chain: o.chain, host: o.host, port: parseUint("--port", o.port, 65535) });
        io.stdout.write(`dashboard on ${dashboard.url} following ${o.chain}; Ctrl-C to stop\n`);
        await stopRequested;
        await dashboard.stop();
      } finally {
        process.off("SIGINT", requestStop);
        process.off("SIGTERM", requestStop);
      }
    });
}
