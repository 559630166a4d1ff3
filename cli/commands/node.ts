import type { Command } from "commander";
import { createChainClient } from "../../chain/client/index.js";
import { createLogger } from "../../lib/logger.js";
import { runNode } from "../../node/app/index.js";
import { ConfigError, loadConfig } from "../../node/config/index.js";
import { CliError } from "../errors.js";

const collect = (value: string, previous: string[]): string[] => [...previous, value];

/** `meshtensor node validator|miner --config FILE`: runs the peer-to-peer node in the foreground. */
export function registerNodeCommands(program: Command): void {
  const node = program.command("node").description("run a validator or miner node (libp2p + chain)");
  for (const role of ["validator", "miner"] as const) {
    node
      .command(role)
      .description(`run a ${role} until SIGINT/SIGTERM`)
      .requiredOption("--config <file>", `YAML config (see configs/${role}.yml)`)
      .option("--set <key=value>", "override a config key, e.g. --set network.maxMessageBytes=1048576 (repeatable)", collect, [])
      .option("--log-level <level>", "trace | debug | info | warn | error")
      .addHelpText("after", `\nExample:\n  $ meshtensor node ${role} --config configs/${role}.yml --set status.port=9101\n`)
      .action(async (o: { config: string; set: string[]; logLevel?: string }) => {
        const overrides = o.logLevel ? [...o.set, `log.level=${o.logLevel}`] : o.set;
        let config: Awaited<ReturnType<typeof loadConfig>>;
        try {
          config = await loadConfig(o.config, { overrides });
        } catch (err) {
          if (err instanceof ConfigError) throw CliError.usage(err.message);
          throw err;
        }
        const logger = createLogger({ level: config.log.level, base: { role } });
        await runNode(config, role, {
          logger,
          createChainClient: (endpoint, log) => createChainClient({ endpoint }, { logger: log }),
        });
      });
  }
}
