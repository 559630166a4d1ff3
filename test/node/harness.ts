import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ChainClient, ChainSigner } from "../../chain/client/interface.js";
import { silentLogger } from "../../lib/logger.js";
import { inferenceEngineFactory } from "../../node/inference/index.js";
import { createMetagraphSync, type MetagraphView, shareKnownPeers } from "../../node/metagraph/index.js";
import {
  createNetwork,
  createNonceSource,
  hotkeySigner,
  type Network,
  type NetworkOptionsInput,
} from "../../node/network/index.js";
import { createDendrite, type Dendrite, type QueryTarget } from "../../node/network/query/client.js";
import { createQueryServer, type QueryServer, type QueryServerOptions } from "../../node/network/query/server.js";
import { createStore, NonceRepository, type Store } from "../../node/store/index.js";
import type { SubnetDefinition } from "../../subnets/sdk/interface.js";

/** LIFO cleanup: register as you build, run in reverse even when a test fails. */
export class Cleanup {
  private readonly steps: Array<() => Promise<void> | void> = [];
  add(step: () => Promise<void> | void): void {
    this.steps.push(step);
  }
  async run(): Promise<void> {
    while (this.steps.length > 0) {
      try {
        await this.steps.pop()?.();
      } catch {
        // keep cleaning: one failed stop must not leave the rest running
      }
    }
  }
}

export function tempDir(cleanup: Cleanup, prefix = "mesh-node-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function startNetwork(cleanup: Cleanup, options: NetworkOptionsInput = {}, signer?: ChainSigner): Promise<Network> {
  const network = await createNetwork(
    { dht: false, ...options },
    {
      logger: silentLogger(),
      peerKeySeed: randomBytes(32),
      ...(signer ? { refusalSigner: hotkeySigner(signer) } : {}),
    },
  );
  await network.start();
  cleanup.add(() => network.stop());
  return network;
}

export async function startStore(cleanup: Cleanup, path?: string): Promise<Store> {
  const store = createStore({ path: path ?? tempDir(cleanup) }, { logger: silentLogger() });
  await store.start();
  cleanup.add(() => store.stop());
  return store;
}

export interface TestMiner {
  network: Network;
  server: QueryServer;
  metagraph: MetagraphView;
  store: Store;
}

/** A miner: network + query server for one subnet, with its endpoint served on the chain. */
export async function startTestMiner(
  cleanup: Cleanup,
  args: {
    chain: ChainClient;
    signer: ChainSigner;
    subnet: SubnetDefinition<unknown, unknown>;
    netuid: number;
    server?: Partial<QueryServerOptions>;
    network?: NetworkOptionsInput;
  },
): Promise<TestMiner> {
  const store = await startStore(cleanup);
  const network = await startNetwork(cleanup, args.network, args.signer);
  await args.chain.serveAxon(args.signer, args.netuid, {
    peerId: network.peerId,
    multiaddrs: network.getMultiaddrs(),
    version: 1,
    protocol: 0,
  });
  const metagraph = createMetagraphSync(
    { netuid: args.netuid, intervalMs: 60_000 },
    { chain: args.chain, logger: silentLogger() },
  );
  cleanup.add(shareKnownPeers(metagraph, network));
  await metagraph.start();
  cleanup.add(() => metagraph.stop());
  const handler = await args.subnet.createMiner({
    logger: silentLogger(),
    inference: inferenceEngineFactory({ logger: silentLogger() }),
  });
  cleanup.add(() => handler.close());
  const server = createQueryServer(
    {
      netuid: args.netuid,
      minStake: 0n,
      rateLimit: { perSecond: 1000, burst: 1000 },
      maxConcurrent: 64,
      maxQueued: 256,
      handlerTimeoutMs: args.subnet.queryTimeoutMs,
      ...args.server,
    },
    {
      signer: args.signer,
      metagraph,
      nonces: new NonceRepository(store),
      requestSchema: args.subnet.requestSchema,
      responseSchema: args.subnet.responseSchema,
      handler,
      metrics: null,
      logger: silentLogger(),
    },
  );
  await network.serve(args.netuid, server.handle, { maxMessageBytesFor: server.maxMessageBytesFor });
  return { network, server, metagraph, store };
}

export async function startTestDendrite(
  cleanup: Cleanup,
  args: {
    chain: ChainClient;
    signer: ChainSigner;
    subnet: SubnetDefinition<unknown, unknown>;
    netuid: number;
    network?: NetworkOptionsInput;
    serve?: boolean;
  },
): Promise<{ network: Network; dendrite: Dendrite }> {
  const network = await startNetwork(cleanup, args.network);
  if (args.serve !== false) {
    await args.chain.serveAxon(args.signer, args.netuid, {
      peerId: network.peerId,
      multiaddrs: network.getMultiaddrs(),
      version: 1,
      protocol: 0,
    });
  }
  const dendrite = createDendrite(
    { netuid: args.netuid, maxInFlight: 256 },
    {
      network,
      signer: args.signer,
      nonces: createNonceSource(),
      responseSchema: args.subnet.responseSchema,
      metrics: null,
      logger: silentLogger(),
    },
  );
  return { network, dendrite };
}

export function targetOf(miner: { network: Network }, uid: number, hotkey: string): QueryTarget {
  return { uid, hotkey, peer: { peerId: miner.network.peerId, multiaddrs: miner.network.getMultiaddrs() } };
}
