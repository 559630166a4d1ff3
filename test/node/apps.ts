import type { KeyringSigner } from "../../chain/wallet/signer.js";
import { silentLogger } from "../../lib/logger.js";
import { createNodeApp, type NodeApp, type NodeRole } from "../../node/app/index.js";
import { type NodeConfigInput, parseConfig } from "../../node/config/index.js";
import type { SubnetRegistry } from "../../subnets/index.js";
import type { SubnetDefinition } from "../../subnets/sdk/interface.js";
import { echoSumSubnet } from "./fixtures/echo-sum.js";
import type { FakeChain } from "./fixtures/fake-chain.js";
import type { Cleanup } from "./harness.js";

export const echoRegistry: SubnetRegistry = {
  "echo-honest": echoSumSubnet("honest") as SubnetDefinition<unknown, unknown>,
  "echo-dishonest": echoSumSubnet("dishonest") as SubnetDefinition<unknown, unknown>,
  "echo-delayed": echoSumSubnet("honest", { delayMs: 600, timeoutMs: 5_000 }) as SubnetDefinition<unknown, unknown>,
};

export function nodeConfig(dataDir: string, subnet: string, extra: Partial<NodeConfigInput> = {}) {
  return parseConfig({
    chain: { endpoint: "ws://127.0.0.1:1" },
    wallet: { uri: "//unused" },
    dataDir,
    subnets: [{ netuid: 1, subnet }],
    network: { dht: false },
    status: { enabled: true, host: "127.0.0.1", port: 0 },
    validator: { stepIntervalMs: 0, alpha: 0.5 },
    ...extra,
  });
}

/** A whole node (store, metrics, network, role, announce, status) over the fake chain. */
export async function startApp(
  cleanup: Cleanup,
  args: {
    role: NodeRole;
    chain: FakeChain;
    signer: KeyringSigner;
    dataDir: string;
    subnet: string;
    extra?: Partial<NodeConfigInput>;
  },
): Promise<NodeApp> {
  const app = createNodeApp(nodeConfig(args.dataDir, args.subnet, args.extra), args.role, {
    logger: silentLogger(),
    chain: args.chain.asClient(),
    signer: args.signer,
    subnets: echoRegistry,
    commitHash: () => new Uint8Array(32),
  });
  await app.start();
  cleanup.add(() => app.stop());
  return app;
}
