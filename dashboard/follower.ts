import { type ChainClient, createChainClient, type Metagraph, type SubnetInfo } from "../chain/client/index.js";
import type { Logger } from "../lib/logger.js";
import type { ChainState, EpochPoint, NetworkView } from "./api-types.js";
import { DashboardError } from "./errors.js";
import type { DashboardDeps } from "./interface.js";
import type { ResolvedDashboardOptions } from "./options.js";
import { epochBetween, epochPoint, lastEpochBlock, subnetRow } from "./views.js";

/**
 * Follows the chain for the dashboard: connects (and reconnects with a fresh client after any
 * failure, so a chain that went away and came back, even restarted, is picked up), polls the
 * best block, rebuilds the network view on each new one and records every subnet's epochs.
 * It never throws out of its loop: a failure becomes `status: "down"` with the reason.
 */
export interface ChainFollower {
  start(): void;
  stop(): Promise<void>;
  network(): NetworkView;
  /** The connected client, or CHAIN_UNAVAILABLE with the reason. */
  client(): ChainClient;
  history(netuid: number): EpochPoint[];
  /** Called after each new block's view is built and on every status change. */
  onUpdate(listener: (view: NetworkView) => void): () => void;
}

const MAX_BACKOFF_MS = 5_000;

function reason(err: unknown): string {
  return (err instanceof Error ? err.message : String(err)).split("\n")[0] ?? "unknown error";
}

/** A read that takes longer than `ms` counts as the chain being down. */
function within<T>(ms: number, what: string, p: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

export function createChainFollower(options: ResolvedDashboardOptions, deps: DashboardDeps): ChainFollower {
  const log: Logger = deps.logger;
  const makeClient =
    deps.createClient ??
    ((endpoint, t) =>
      createChainClient({
        endpoint,
        connectTimeoutMs: t.connectTimeoutMs,
        requestTimeoutMs: t.requestTimeoutMs,
        maxBackoffMs: 1000,
      }));
  const listeners = new Set<(view: NetworkView) => void>();
  const histories = new Map<number, { registeredAt: number; points: EpochPoint[] }>();
  let current: ChainClient | null = null;
  let running = false;
  let loopDone: Promise<void> | null = null;
  let wake: () => void = () => undefined;
  let signalStopped: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (signalStopped = resolve));
  let lastBlock: number | null = null;
  let view: NetworkView = {
    chain: { endpoint: options.chain, status: "connecting", error: null, since: Date.now() },
    block: null,
    finalized: null,
    issuance: null,
    emissionPerBlock: null,
    subnetLimit: null,
    networkImmunityPeriod: null,
    subnets: [],
    localnet: deps.localnet !== undefined,
  };

  const emit = () => {
    for (const l of listeners) {
      try {
        l(view);
      } catch (err) {
        log.warn({ err: reason(err) }, "dashboard listener failed");
      }
    }
  };

  function setChain(status: ChainState["status"], error: string | null) {
    if (view.chain.status === status && view.chain.error === error) return;
    if (status === "down") log.warn({ endpoint: options.chain, err: error }, "chain unavailable");
    else if (status === "up") log.info({ endpoint: options.chain }, "chain connected");
    view = { ...view, chain: { endpoint: options.chain, status, error, since: Date.now() } };
    emit();
  }

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function recordEpoch(client: ChainClient, netuid: number, block: number, metagraph: Metagraph): Promise<void> {
    // The payout event lives in the epoch block; a pruned or unreadable block only loses the split.
    const payouts = await within(options.requestTimeoutMs, "epoch payouts", client.getEpochPayouts(block)).catch(
      (err: unknown) => {
        log.debug({ netuid, block, err: reason(err) }, "epoch payout not readable");
        return [];
      },
    );
    const h = histories.get(netuid);
    if (!h) return;
    if (h.points.at(-1)?.block === block) return;
    h.points.push(epochPoint(block, metagraph, payouts.find((p) => p.netuid === netuid) ?? null));
    if (h.points.length > options.historyEpochs) h.points.splice(0, h.points.length - options.historyEpochs);
  }

  async function followEpochs(client: ChainClient, subnets: SubnetInfo[], block: number, previous: number | null) {
    const live = new Set(subnets.map((s) => s.netuid));
    for (const netuid of histories.keys()) if (!live.has(netuid)) histories.delete(netuid);
    for (const s of subnets) {
      if (s.netuid === 0) continue; // root has no miners: its epoch sets emission shares, shown per subnet
      const h = histories.get(s.netuid);
      // A netuid reused by a new subnet starts a new history.
      if (!h || h.registeredAt !== s.registeredAt) histories.set(s.netuid, { registeredAt: s.registeredAt, points: [] });
      const epoch =
        previous === null ? lastEpochBlock(block, s.netuid, s.tempo) : epochBetween(previous, block, s.netuid, s.tempo);
      if (epoch === null || epoch < s.registeredAt) continue;
      const metagraph = await within(options.requestTimeoutMs, "metagraph", client.getMetagraph(s.netuid));
      if (metagraph) await recordEpoch(client, s.netuid, epoch, metagraph);
    }
  }

  async function refresh(client: ChainClient): Promise<void> {
    const t = options.requestTimeoutMs;
    const block = await within(t, "best block", client.getBlockNumber());
    if (block === lastBlock) return;
    const [finalized, subnets, issuance, params] = await within(
      t,
      "network reads",
      Promise.all([client.getFinalizedBlockNumber(), client.getSubnets(), client.getTotalIssuance(), client.getNetworkParams()]),
    );
    await followEpochs(client, subnets, block, lastBlock);
    lastBlock = block;
    const total = subnets.reduce((acc, s) => acc + s.emissionPerBlock, 0n);
    view = {
      ...view,
      block,
      finalized,
      issuance: issuance.toString(),
      emissionPerBlock: total.toString(),
      subnetLimit: params.subnetLimit,
      networkImmunityPeriod: params.networkImmunityPeriod,
      subnets: subnets.map((s) => subnetRow(s, block, total, params.networkImmunityPeriod)),
    };
    emit();
  }

  async function loop(): Promise<void> {
    let backoff = 250;
    while (running) {
      if (!current) {
        const client = makeClient(options.chain, {
          connectTimeoutMs: options.connectTimeoutMs,
          requestTimeoutMs: options.requestTimeoutMs,
        });
        try {
          // stop() does not wait for a connect in flight (it can take connectTimeoutMs).
          const connecting = client.connect();
          connecting.catch(() => undefined); // handled below, or moot after stop()
          await Promise.race([connecting, stopped]);
          if (!running) {
            // A connect that still succeeds after stop() must not leave a socket open.
            void connecting.then(() => client.close()).catch(() => undefined);
            await client.close().catch(() => undefined);
            return;
          }
          current = client;
          backoff = 250;
        } catch (err) {
          await client.close().catch(() => undefined);
          setChain("down", reason(err));
          await sleep(backoff);
          backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
          continue;
        }
      }
      try {
        await refresh(current);
        setChain("up", null);
      } catch (err) {
        setChain("down", reason(err));
        const dead = current;
        current = null;
        await dead.close().catch(() => undefined);
        // A restarted chain may start again from block 0: follow it from scratch.
        lastBlock = null;
        continue;
      }
      await sleep(options.pollMs);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loopDone = loop().catch((err: unknown) => log.error({ err: reason(err) }, "dashboard chain loop stopped"));
    },
    async stop() {
      running = false;
      wake();
      signalStopped();
      await loopDone;
      loopDone = null;
      const client = current;
      current = null;
      await client?.close().catch(() => undefined);
      listeners.clear();
    },
    network: () => view,
    client() {
      if (!current || view.chain.status === "down") {
        const why = view.chain.error ?? "not connected yet";
        throw new DashboardError(
          { code: "CHAIN_UNAVAILABLE", endpoint: options.chain, reason: why },
          `chain at ${options.chain} is unavailable: ${why}`,
        );
      }
      return current;
    },
    history: (netuid) => histories.get(netuid)?.points ?? [],
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
