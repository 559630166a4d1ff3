import { Command, CommanderError } from "commander";
import { registerDashboardCommand } from "./commands/dashboard.js";
import { registerDelegateCommands } from "./commands/delegate.js";
import { registerDevchainCommand } from "./commands/devchain.js";
import { registerGpuCommands } from "./commands/gpu.js";
import { registerLocalnetCommands } from "./commands/localnet.js";
import { registerNodeCommands } from "./commands/node.js";
import { registerRootCommands } from "./commands/root.js";
import { registerStakeCommands } from "./commands/stake.js";
import { registerSubnetCommands } from "./commands/subnet.js";
import { registerWalletCommands } from "./commands/wallet.js";
import { registerWeightsCommands } from "./commands/weights.js";
import { registerYumaCommands } from "./commands/yuma.js";
import type { CliDeps } from "./context.js";
import { exitCodeOf, oneLine } from "./errors.js";

export async function createProgram(deps: CliDeps): Promise<Command> {
  const program = new Command("meshtensor")
    .description("meshtensor: wallets, subnets, staking, weights and the dev chain (btcli for this network)")
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => deps.io.stdout.write(s),
      writeErr: (s) => deps.io.stderr.write(s),
    })
    .addHelpText("after", "\nExample:\n  $ meshtensor subnet metagraph 1 --chain ws://127.0.0.1:9944\n");
  registerWalletCommands(program, deps);
  registerSubnetCommands(program, deps);
  registerStakeCommands(program, deps);
  registerDelegateCommands(program, deps);
  registerRootCommands(program, deps);
  registerWeightsCommands(program, deps);
  registerYumaCommands(program, deps);
  registerDevchainCommand(program, deps);
  registerGpuCommands(program, deps);
  // Groups owned by other parts (node roles, localnet) take only the program.
  registerNodeCommands(program);
  registerLocalnetCommands(program);
  registerDashboardCommand(program, deps.io);
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
  const program = await createProgram(deps);
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
