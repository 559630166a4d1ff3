import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { ChainClient } from "../chain/client/interface.js";
import type { Logger } from "../lib/logger.js";
import type { NodeLauncher } from "./launcher.js";
import type { LocalnetConfig } from "./options.js";
import { type Provisioned, provisionNetwork } from "./provision.js";

/**
 * `meshtensor localnet --provision-only`: the localnet's on-chain setup against a chain that is already
 * running (e.g. the compose file's dev chain), plus one node config per neuron under
 * `<home>/nodes/<name>/config.yml`, for nodes started some other way (containers, terminals).
 * Every miner is honest here: behaviours need the localnet's own miner processes.
 */
export async function provisionOnly(
  config: LocalnetConfig,
  deps: { client: ChainClient; endpoint: string; home: string; launcher: NodeLauncher; logger: Logger },
): Promise<{ net: Provisioned; configs: Array<{ name: string; role: string; config: string }> }> {
  const honest: LocalnetConfig = { ...config, behaviours: [] };
  const wallets = {
    root: join(deps.home, "wallets"),
    password: process.env.MESHTENSOR_PASSWORD ?? randomBytes(16).toString("hex"),
  };
  const net = await provisionNetwork(honest, { client: deps.client, wallets, logger: deps.logger });
  const configs = [];
  for (const [index, plan] of net.neurons.entries()) {
    await deps.launcher.spec(plan, {
      home: deps.home,
      endpoint: deps.endpoint,
      netuid: net.netuid,
      subnet: config.subnet,
      index,
      config: honest,
    });
    configs.push({ name: plan.name, role: plan.role, config: join(deps.home, "nodes", plan.name, "config.yml") });
  }
  return { net, configs };
}
