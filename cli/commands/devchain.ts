import type { Command } from "commander";
import { createDevChain } from "../../chain/devchain/index.js";
import { parseUint } from "../amount.js";
import type { CliDeps } from "../context.js";
import { CliError } from "../errors.js";
import { stringifyExact } from "../json.js";

const MODES = ["interval", "instant", "manual"] as const;
const ENGINES = ["embedded", "node"] as const;

/** `meshtensor devchain`: the embedded chain in the foreground; Ctrl-C stops it. */
export function registerDevchainCommand(program: Command, deps: CliDeps): void {
  program
    .command("devchain")
    .description("run a dev chain in the foreground: embedded (chopsticks, nothing to build) or node (meshtensor-node processes)")
    .option("--engine <engine>", `${ENGINES.join(" | ")} (node needs scripts/build-node.sh once)`, "embedded")
    .option("--authorities <n>", "node engine: 1 seals blocks in one process; 2-6 run an Aura + GRANDPA network", "1")
    .option("--node-binary <path>", "node engine: the meshtensor-node binary (default: chain/node/bin/meshtensor-node)")
    .option("--port <port>", "RPC port on 127.0.0.1", "9944")
    .option("--mode <mode>", `block production: ${MODES.join(" | ")}`, "interval")
    .option("--block-time <ms>", "block interval in ms (interval mode)", "6000")
    .option("--chain-spec <spec>", "dev | local | path to a raw chain spec", "dev")
    .option("--db <path>", "keep the chain across restarts: a SQLite file (embedded) or a directory (node)")
    .option("--json", "print the endpoint as JSON")
    .addHelpText(
      "after",
      [
        "",
        "Examples:",
        "  $ meshtensor devchain --port 9944 --block-time 1000 --db ~/.meshtensor/devchain.sqlite",
        "  $ meshtensor devchain --engine node --mode instant --db ~/.meshtensor/node-chain",
        "  $ meshtensor devchain --engine node --authorities 3     # Aura + GRANDPA, 6 s blocks",
        "",
      ].join("\n"),
    )
    .action(async (o: Record<string, string | boolean | undefined>) => {
      const mode = String(o.mode);
      if (!(MODES as readonly string[]).includes(mode))
        throw CliError.usage(`--mode: "${mode}" is not one of ${MODES.join(", ")}`);
      const engine = String(o.engine);
      if (!(ENGINES as readonly string[]).includes(engine))
        throw CliError.usage(`--engine: "${engine}" is not one of ${ENGINES.join(", ")}`);
      const authorities = parseUint("--authorities", String(o.authorities), 6);
      if (authorities < 1) throw CliError.usage("--authorities: must be 1 to 6");
      if (engine === "embedded" && authorities !== 1)
        throw CliError.usage("--authorities: only the node engine runs several authorities (add --engine node)");
      const chain = createDevChain({
        port: parseUint("--port", String(o.port), 65535),
        mode: mode as (typeof MODES)[number],
        blockTimeMs: parseUint("--block-time", String(o.blockTime), 600_000),
        chainSpec: String(o.chainSpec),
        ...(o.db ? { dbPath: String(o.db) } : {}),
        engine: engine as (typeof ENGINES)[number],
        authorities,
        ...(o.nodeBinary ? { nodeBinary: String(o.nodeBinary) } : {}),
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
          const info = { endpoint: chain.endpoint, engine, authorities, mode, bestBlock: chain.bestBlock() };
          const what = engine === "node" && authorities > 1 ? `${authorities} authorities, Aura blocks` : `${mode} blocks`;
          deps.io.stdout.write(
            o.json
              ? `${stringifyExact(info)}\n`
              : `dev chain (${engine}) on ${info.endpoint} (${what}, best #${info.bestBlock}); Ctrl-C to stop\n`,
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
