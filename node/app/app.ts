import type { ChainClient, ChainSigner } from "../../chain/client/interface.js";
import { createLogger, type Logger } from "../../lib/logger.js";
import { createUptimeTracker, loadSubnet, type SubnetRegistry } from "../../subnets/index.js";
import type { NodeConfig } from "../config/index.js";
import { loadOrCreatePeerKey } from "../identity/index.js";
import { createMetrics, createStatusServer, type Metrics } from "../metrics/index.js";
import { createMiner } from "../miner/index.js";
import { createMessageSigner, createNetwork, type Network } from "../network/index.js";
import { createStore, type Store } from "../store/index.js";
import { type CommitHashFn, createValidator, type ValidatorRole } from "../validator/index.js";
import { createAxonAnnouncer } from "./announce.js";
import { createDhtBootstrap } from "./dht-bootstrap.js";
import { AppError, isAddressInUse } from "./errors.js";
import { loadNodeKeys } from "./keys.js";

export type NodeRole = "validator" | "miner";

export interface NodeAppDeps {
  logger?: Logger;
  /** A chain client to use instead of connecting to `config.chain.endpoint` (tests). */
  chain?: ChainClient;
  /** Builds the real client; injected so only the CLI entry pulls in @polkadot/api. */
  createChainClient?: (endpoint: string, logger: Logger) => ChainClient;
  commitHash?: CommitHashFn;
  /** Extra subnet definitions by name (tests). */
  subnets?: SubnetRegistry;
  signer?: ChainSigner;
}

export interface NodeApp {
  readonly role: NodeRole;
  start(): Promise<void>;
  /** Closes everything that was started, in reverse order. Safe to call twice. */
  stop(): Promise<void>;
  /** Available after start. */
  readonly network: Network;
  readonly validators: ValidatorRole[];
  readonly statusUrl: string;
  health(): { ok: boolean } & Record<string, unknown>;
}

/**
 * The composition root: store -> metrics -> chain client -> network -> status server -> role ->
 * axon announce, each stop pushed on a stack and run in reverse, even when start fails halfway.
 */
export function createNodeApp(config: NodeConfig, role: NodeRole, deps: NodeAppDeps = {}): NodeApp {
  const root = deps.logger ?? createLogger({ level: config.log.level, base: { role } });
  const log = root.child({ module: "app" });
  const stops: Array<{ name: string; stop: () => Promise<void> }> = [];
  let network: Network | null = null;
  let statusUrl = "";
  let ready = false;
  let stopping: Promise<void> | null = null;
  const validators: ValidatorRole[] = [];
  let minerInFlight: () => number = () => 0;

  const health = () => ({
    ok: ready,
    role,
    peerId: network?.peerId ?? null,
    peers: network?.connectedPeers().length ?? 0,
    inFlight: minerInFlight(),
  });

  async function startAll(): Promise<void> {
    const store: Store = createStore({ path: `${config.dataDir}/store` }, { logger: root.child({ module: "store" }) });
    await store.start();
    stops.push({ name: "store", stop: () => store.stop() });

    const metrics: Metrics | null = config.status.enabled ? createMetrics({ role }) : null;

    let chain: ChainClient;
    if (deps.chain !== undefined) chain = deps.chain;
    else {
      if (deps.createChainClient === undefined) throw new Error("no chain client factory given");
      chain = deps.createChainClient(config.chain.endpoint, root.child({ module: "chain" }));
      await chain.connect();
      stops.push({ name: "chain", stop: () => chain.close() });
    }

    const keys =
      deps.signer !== undefined
        ? { signer: deps.signer, peerKeyFile: `${config.dataDir}/libp2p.key` }
        : await loadNodeKeys(config);
    const signer = keys.signer;
    const peerKey = await loadOrCreatePeerKey(config.wallet.peerKeyFile ?? keys.peerKeyFile);
    log.info(
      { hotkey: signer.address, peerKeyFile: config.wallet.peerKeyFile ?? keys.peerKeyFile, created: peerKey.created },
      "keys loaded",
    );

    // Refusals of oversized messages are what a stranger gets once its frames pass the 16 KiB
    // cap: signed like every other message, so they cost a stranger's target no sr25519 work.
    const refusalSigner = createMessageSigner(signer, config.network.signing);
    const net = await createNetwork(config.network, {
      logger: root.child({ module: "network" }),
      peerKeySeed: peerKey.seed,
      refusalSigner,
    });
    // Pushed before start: a libp2p node that failed halfway (a port in use) is closed too.
    stops.push({ name: "network", stop: () => net.stop() });
    try {
      await net.start();
    } catch (err) {
      if (isAddressInUse(err)) {
        throw new AppError(
          { code: "PORT_IN_USE", key: "network.listen", address: config.network.listen.join(", ") },
          { cause: err },
        );
      }
      throw err;
    }
    network = net;
    metrics?.watchNetwork(() => {
      const stats = net.stats();
      return {
        dialFailures: stats.dials.failures,
        refusals: {
          dhtStranger: stats.dhtRefusedStranger,
          dhtType: stats.dhtRefusedType,
          dhtRate: stats.dhtRateLimited,
          strangerRefused: stats.strangersRefused,
          strangerReaped: stats.strangersReaped,
          addrDropped: stats.addrsDropped,
        },
        strangerConnections: stats.strangerConnections,
      };
    });

    // Everything that can fail locally (store, keys, ports, status server) is up before the role
    // starts and serve_axon points the chain at this node: a second start of the same hotkey with
    // a busy port fails here, without announcing an address nothing serves (issue 14).
    if (config.status.enabled) {
      const status = createStatusServer(
        { host: config.status.host, port: config.status.port },
        { metrics, health, logger: root.child({ module: "status" }) },
      );
      try {
        await status.start();
      } catch (err) {
        if (isAddressInUse(err)) {
          const address = `${config.status.host}:${config.status.port}`;
          throw new AppError({ code: "PORT_IN_USE", key: "status.port", address }, { cause: err });
        }
        throw err;
      }
      statusUrl = status.url();
      stops.push({ name: "status", stop: () => status.stop() });
    }
    const subnets = new Map<number, Awaited<ReturnType<typeof loadSubnet>>>();
    for (const entry of config.subnets) subnets.set(entry.netuid, await loadSubnet(entry.subnet, deps.subnets));

    if (role === "miner") {
      const miner = createMiner(
        {
          shutdownGraceMs: config.miner.shutdownGraceMs,
          subnets: config.subnets.map((s) => ({
            netuid: s.netuid,
            minStake: config.miner.minStake,
            rateLimit: config.miner.rateLimit,
            maxConcurrent: config.miner.maxConcurrent,
            maxQueued: config.miner.maxQueued,
            handlerTimeoutMs: config.miner.handlerTimeoutMs,
            metagraphSyncMs: config.miner.metagraphSyncMs,
            signing: config.network.signing,
            subnetOptions: s.options,
          })),
        },
        { chain, network: net, signer, store, subnets, metrics, logger: root.child({ module: "miner" }) },
      );
      await miner.start();
      minerInFlight = () => miner.inFlight();
      stops.push({ name: "miner", stop: () => miner.stop() });
    } else {
      const commitHash = deps.commitHash ?? (await import("../../chain/client/commit.js")).weightsCommitHash;
      for (const entry of config.subnets) {
        const v = config.validator;
        const uptime = v.availability === null ? null : createUptimeTracker(v.availability);
        const validator = createValidator(
          {
            netuid: entry.netuid,
            alpha: v.alpha,
            stepIntervalMs: v.stepIntervalMs,
            sampleSize: v.sampleSize,
            maxInFlight: v.maxInFlight,
            queryTimeoutMs: v.queryTimeoutMs,
            silenceTempos: v.silenceTempos,
            signing: config.network.signing,
            subnetOptions: entry.options,
          },
          {
            chain,
            network: net,
            signer,
            store,
            subnet: subnets.get(entry.netuid) as NonNullable<ReturnType<typeof subnets.get>>,
            commitHash,
            uptime,
            metrics,
            logger: root.child({ module: "validator", netuid: entry.netuid }),
          },
        );
        await validator.start();
        validators.push(validator);
        stops.push({ name: `validator ${entry.netuid}`, stop: () => validator.stop() });
      }
    }

    const announcer = createAxonAnnouncer(
      config.subnets.map((s) => s.netuid),
      { chain, network: net, signer, metrics, logger: root.child({ module: "announce" }) },
    );
    await announcer.start();
    stops.push({ name: "announce", stop: () => announcer.stop() });

    if (config.network.dht) {
      const dht = createDhtBootstrap(
        { netuids: config.subnets.map((s) => s.netuid), target: 8, intervalMs: 60_000 },
        { chain, network: net, logger: root.child({ module: "dht" }) },
      );
      await dht.start();
      stops.push({ name: "dht", stop: () => dht.stop() });
    }

    ready = true;
    log.info({ role, peerId: net.peerId, addrs: net.getMultiaddrs(), status: statusUrl }, "node started");
  }

  async function stopAll(): Promise<void> {
    ready = false;
    while (stops.length > 0) {
      const part = stops.pop();
      if (part === undefined) break;
      try {
        await part.stop();
        log.debug({ part: part.name }, "stopped");
      } catch (err) {
        log.error({ part: part.name, err }, "stop failed");
      }
    }
    log.info("node stopped");
  }

  return {
    role,
    get network() {
      if (network === null) throw new Error("node not started");
      return network;
    },
    validators,
    get statusUrl() {
      return statusUrl;
    },
    health,
    async start() {
      try {
        await startAll();
      } catch (err) {
        await stopAll();
        throw err;
      }
    },
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
  };
}
