import type { ChainClient, ChainSigner } from "../../chain/client/interface.js";
import type { Logger } from "../../lib/logger.js";
import type { SubnetDefinition, SubnetMiner } from "../../subnets/sdk/interface.js";
import { inferenceEngineFactory } from "../inference/index.js";
import { createMetagraphSync, type MetagraphView, shareKnownPeers } from "../metagraph/index.js";
import type { Metrics } from "../metrics/index.js";
import { createQueryServer, type Network, type QueryServer, type QueryServerOptions } from "../network/index.js";
import { NonceRepository, type Store } from "../store/index.js";

export interface MinerSubnetOptions extends Omit<QueryServerOptions, "handlerTimeoutMs"> {
  /** null = the subnet's own `queryTimeoutMs`. */
  handlerTimeoutMs: number | null;
  /** How often the validator list (permits, stake, peer ids) is re-read. */
  metagraphSyncMs: number;
  subnetOptions?: Record<string, unknown>;
}

export interface MinerOptions {
  subnets: MinerSubnetOptions[];
  /** On stop: how long running handlers may finish before they are cancelled. */
  shutdownGraceMs: number;
}

export interface MinerDeps {
  chain: ChainClient;
  network: Network;
  signer: ChainSigner;
  store: Store;
  /** The subnet definition for each configured netuid. */
  subnets: Map<number, SubnetDefinition<unknown, unknown>>;
  metrics: Metrics | null;
  logger: Logger;
}

export interface MinerRole {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Queries being handled now, over all subnets. */
  inFlight(): number;
}

interface Served {
  netuid: number;
  handler: SubnetMiner<unknown, unknown>;
  metagraph: MetagraphView;
  server: QueryServer;
  unshare: () => void;
}

/** Serves one or more subnets' handlers on the query protocol. Models load at start. */
export function createMiner(options: MinerOptions, deps: MinerDeps): MinerRole {
  const served: Served[] = [];
  const nonces = new NonceRepository(deps.store);

  return {
    async start() {
      for (const sub of options.subnets) {
        const subnet = deps.subnets.get(sub.netuid);
        if (subnet === undefined) throw new Error(`no subnet definition for netuid ${sub.netuid}`);
        const log = deps.logger.child({ netuid: sub.netuid, subnet: subnet.name });
        log.info("loading subnet handler (models)");
        const started = performance.now();
        const handler = await subnet.createMiner({
          logger: log,
          options: sub.subnetOptions,
          inference: inferenceEngineFactory({ logger: log }),
        });
        log.info({ ms: Math.round(performance.now() - started) }, "subnet handler ready");
        const metagraph = createMetagraphSync(
          { netuid: sub.netuid, intervalMs: sub.metagraphSyncMs },
          { chain: deps.chain, logger: log, onChainError: () => deps.metrics?.chainError("get_metagraph") },
        );
        const unshare = shareKnownPeers(metagraph, deps.network);
        await metagraph.start();
        const server = createQueryServer(
          { ...sub, handlerTimeoutMs: sub.handlerTimeoutMs ?? subnet.queryTimeoutMs },
          {
            signer: deps.signer,
            metagraph,
            nonces,
            requestSchema: subnet.requestSchema,
            responseSchema: subnet.responseSchema,
            handler,
            metrics: deps.metrics,
            logger: log,
          },
        );
        served.push({ netuid: sub.netuid, handler, metagraph, server, unshare });
        await deps.network.serve(sub.netuid, server.handle, { maxMessageBytesFor: server.maxMessageBytesFor });
        log.info("serving queries");
      }
    },

    async stop() {
      // Stop accepting first, then let running handlers finish (or cancel them), then close.
      for (const s of served) await deps.network.unserve(s.netuid).catch(() => undefined);
      await Promise.all(served.map((s) => s.server.drain(options.shutdownGraceMs)));
      for (const s of served.splice(0).reverse()) {
        await s.metagraph.stop();
        s.unshare();
        await s.handler.close().catch((err: unknown) => deps.logger.warn({ err }, "subnet handler close failed"));
      }
    },

    inFlight: () => served.reduce((n, s) => n + s.server.inFlight, 0),
  };
}
