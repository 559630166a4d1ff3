import type { Command } from "commander";
import { createDevChain } from "../../../chain/devchain/index.js";
import { parseUint } from "../amount.js";
import type { CliDeps } from "../context.js";
import { CliError } from "../errors.js";
import { stringifyExact } from "../json.js";

const MODES = ["interval", "instant", "manual"] as const;

/** `meshtensor devchain`: the embedded chain in the foreground; Ctrl-C stops it. */
export function registerDevchainCommand(program: Command, deps: CliDeps): void {
  program
    .command("devchain")
    .description("run the embedded dev chain (chopsticks + the committed runtime) in the foreground")
    .option("--port <port>", "RPC port on 127.0.0.1", "9944")
    .option("--mode <mode>", `block production: ${MODES.join(" | ")}`, "interval")
    .option("--block-time <ms>", "block interval in ms (interval mode)", "6000")
    .option("--chain-spec <spec>", "dev | local | path to a raw chain spec", "dev")
    .option("--db <file>", "SQLite file that keeps the chain across restarts")
    .option("--json", "print the endpoint as JSON")
    .addHelpText(
      "after",
      "\nExample:\n  $ meshtensor devchain --port 9944 --block-time 1000 --db ~/.meshtensor/devchain.sqlite\n",
    )
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const mode = String(o.mode);
      if (!(MODES as readonly string[]).includes(mode))
        throw CliError.usage(`--mode: "${mode}" is not one of ${MODES.join(", ")}`);
      const chain = createDevChain({
        port: parseUint("--port", String(o.port), 65535),
        mode: mode as (typeof MODES)[number],
        blockTimeMs: parseUint("--block-time", String(o.blockTime), 600_000),
        chainSpec: String(o.chainSpec),
        ...(o.db ? { dbPath: String(o.db) } : {}),
      });
      // Listen for Ctrl-C before starting, so one during the (multi-second) start still stops cleanly.
      let requestStop!: () => void;
      const stopRequested = new Promise<void>((r) => (requestStop = r));
      process.once("SIGINT", requestStop);
      process.once("SIGTERM", requestStop);
      let started = false;
      const starting = chain.start().then(() => {
        started = true;
      });
      try {
        await Promise.race([starting, stopRequested]);
        if (started) {
          const info = { endpoint: chain.endpoint, mode, bestBlock: chain.bestBlock() };
          deps.io.stdout.write(
            o.json
              ? `${stringifyExact(info)}\n`
              : `dev chain on ${info.endpoint} (${mode} blocks, best #${info.bestBlock}); Ctrl-C to stop\n`,
          );
          await stopRequested;
        }
      } finally {
        process.off("SIGINT", requestStop);
        process.off("SIGTERM", requestStop);
        // A stop during start: let the start finish, then stop what it started.
        await starting.catch(() => undefined);
        await chain.stop();
      }
      deps.io.stderr.write("dev chain stopped\n");
    });
}
