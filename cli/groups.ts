import type { Command } from "commander";
import type { CliDeps } from "./context.js";

/**
 * The command groups, each loaded only when its name is on the command line: `--help` loads none,
 * `wallet list` loads the wallet group alone, and only the groups that talk to the chain, run a
 * node or start the localnet load @polkadot/api, libp2p, level or onnxruntime. Eager imports made
 * `meshtensor --help` take 4.3-5.4 s on the 2-core build machine (issue 16).
 *
 * `description` is what the top-level help lists without loading the group; a test holds it equal
 * to the group's own description.
 */
export interface CommandGroup {
  name: string;
  description: string;
  load(): Promise<(program: Command, deps: CliDeps) => void>;
}

export const COMMAND_GROUPS: readonly CommandGroup[] = [
  {
    name: "wallet",
    description: "create, inspect and use wallets (coldkey + hotkeys)",
    load: async () => (await import("./commands/wallet.js")).registerWalletCommands,
  },
  {
    name: "subnet",
    description: "subnets: create, inspect, configure, register neurons",
    load: async () => (await import("./commands/subnet.js")).registerSubnetCommands,
  },
  {
    name: "stake",
    description: "stake tokens on hotkeys",
    load: async () => (await import("./commands/stake.js")).registerStakeCommands,
  },
  {
    name: "delegate",
    description: "delegation: let others stake on your hotkey",
    load: async () => (await import("./commands/delegate.js")).registerDelegateCommands,
  },
  {
    name: "root",
    description: "the root network (netuid 0): sets each subnet's emission",
    load: async () => (await import("./commands/root.js")).registerRootCommands,
  },
  {
    name: "weights",
    description: "set, commit and reveal weights (the hotkey signs)",
    load: async () => (await import("./commands/weights.js")).registerWeightsCommands,
  },
  {
    name: "yuma",
    description: "Yuma consensus tools",
    load: async () => (await import("./commands/yuma.js")).registerYumaCommands,
  },
  {
    name: "devchain",
    description: "run a dev chain in the foreground: embedded (chopsticks, nothing to build) or node (meshtensor-node processes)",
    load: async () => (await import("./commands/devchain.js")).registerDevchainCommand,
  },
  {
    name: "gpu",
    description: "GPU inference: install the CUDA provider from PyPI, check what loads",
    load: async () => (await import("./commands/gpu.js")).registerGpuCommands,
  },
  {
    name: "dashboard",
    description: "serve a live web dashboard of the network: subnets, metagraph, weights, payouts (on 127.0.0.1)",
    load: async () => {
      const { registerDashboardCommand } = await import("./commands/dashboard.js");
      return (program, deps) => registerDashboardCommand(program, deps.io);
    },
  },
  {
    name: "node",
    description: "run a validator or miner node (libp2p + chain)",
    // Groups owned by other parts (node roles, localnet) take only the program.
    load: async () => {
      const { registerNodeCommands } = await import("./commands/node.js");
      return (program) => registerNodeCommands(program);
    },
  },
  {
    name: "localnet",
    description:
      "run a whole local network: dev chain, a subnet, validators and miners as processes, epochs paid, deregistrations",
    load: async () => {
      const { registerLocalnetCommands } = await import("./commands/localnet.js");
      return (program) => registerLocalnetCommands(program);
    },
  },
];

/**
 * The group a command line names: its first word that is not an option (`help wallet` names
 * wallet). Null for `--help`, no arguments or an unknown word (commander then lists the groups).
 */
export function groupNamedBy(argv: readonly string[]): CommandGroup | null {
  const words = argv.filter((a) => !a.startsWith("-"));
  const first = words[0] === "help" ? words[1] : words[0];
  return COMMAND_GROUPS.find((g) => g.name === first) ?? null;
}
