import { Command, CommanderError } from "commander";
import type { CliDeps } from "./context.js";
import { exitCodeOf, oneLine } from "./errors.js";
import { COMMAND_GROUPS, groupNamedBy } from "./groups.js";

/**
 * The commander tree. Only the groups in `load` are loaded and registered whole; the others are
 * listed by name and description (enough for the top-level help). `"all"` loads every group.
 */
export async function createProgram(deps: CliDeps, load: "all" | readonly string[] = "all"): Promise<Command> {
  const program = new Command("meshtensor")
    .description("meshtensor: wallets, subnets, staking, weights and the dev chain (btcli for this network)")
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.io.stdout.write(s),
      writeErr: (s) => deps.io.stderr.write(s),
    })
    .addHelpText("after", "\nExample:\n  $ meshtensor subnet metagraph 1 --chain ws://127.0.0.1:9944\n");
  for (const group of COMMAND_GROUPS) {
    if (load === "all" || load.includes(group.name)) (await group.load())(program, deps);
    else program.command(group.name).description(group.description);
  }
  // Every subcommand reports errors the same way (exit override, our output streams).
  const walk = (cmd: Command) => {
    for (const sub of cmd.commands) {
      sub.exitOverride().configureOutput({ writeOut: (s) => deps.io.stdout.write(s), writeErr: (s) => deps.io.stderr.write(s) });
      walk(sub);
    }
  };
  walk(program);
  return program;
}

/** Run the CLI on argv (without node and script); returns the process exit code. */
export async function runCli(argv: string[], deps: CliDeps): Promise<number> {
  const named = groupNamedBy(argv);
  const program = await createProgram(deps, named ? [named.name] : []);
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander already printed its one-line message (or the help).
      if (err.code === "commander.helpDisplayed" || err.code === "commander.version" || err.code === "commander.help") return 0;
      if (err.code === "commander.executeSubCommandAsync") return err.exitCode;
      return err.exitCode === 0 ? 0 : 2;
    }
    deps.io.stderr.write(`error: ${oneLine(err)}\n`);
    return exitCodeOf(err);
  }
}
