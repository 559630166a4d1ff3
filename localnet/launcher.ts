import type { LocalnetConfig } from "./options.js";
import type { ProcessSpec } from "./processes.js";
import type { NeuronPlan } from "./provision.js";

export interface LaunchContext {
  /** The run's home: wallets/, logs/, nodes/<name>/ (config, store, libp2p key), answers/. */
  home: string;
  /** ws:// endpoint of the dev chain. */
  endpoint: string;
  netuid: number;
  subnet: string;
  /** Position of the node in start order; gives each node its own metrics port. */
  index: number;
  config: LocalnetConfig;
}

/** Turns a neuron into the OS process that runs its node (writes the node's config on the way). */
export interface NodeLauncher {
  spec(plan: NeuronPlan, context: LaunchContext): Promise<ProcessSpec>;
}
