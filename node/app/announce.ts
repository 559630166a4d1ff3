import type { ChainClient, ChainSigner } from "../../chain/client/interface.js";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/logger.js";
import type { Metrics } from "../metrics/index.js";
import type { Network } from "../network/index.js";

/** serve_axon keeps at most 8 multiaddrs (chain.md). */
const MAX_ADDRS = 8;

export interface AxonAnnouncerOptions {
  /** First wait before retrying a subnet that could not be served; doubles up to `maxRetryMs`. */
  retryMs: number;
  maxRetryMs: number;
}

/** A block is ~6 s; the dev chain's serving_rate_limit is 2 blocks, the default 50 (~5 min). */
export const defaultAxonAnnouncerOptions: AxonAnnouncerOptions = { retryMs: 6_000, maxRetryMs: 300_000 };

type Outcome = "served" | "current" | "notRegistered" | "rateLimited" | "failed";

/** The addresses as announced: deduplicated, at most MAX_ADDRS, in the network's order. */
function announced(addrs: string[]): string[] {
  return [...new Set(addrs)].slice(0, MAX_ADDRS);
}

/** Order-insensitive identity of an address set. */
function setKey(addrs: string[]): string {
  return [...new Set(addrs)].sort().join(",");
}

/**
 * Announces `serve_axon(netuid, peer id, multiaddrs)` for each subnet at start and whenever the
 * set of listen addresses changes (a new order of the same set is no change). A subnet whose
 * on-chain endpoint is already current is skipped. One that cannot be served now (inside
 * `serving_rate_limit`, hotkey not registered yet, chain error) is retried with backoff, with the
 * latest addresses, until served; `start()` never throws for it.
 */
export function createAxonAnnouncer(
  netuids: number[],
  deps: { chain: ChainClient; network: Network; signer: ChainSigner; metrics: Metrics | null; logger: Logger },
  options: Partial<AxonAnnouncerOptions> = {},
) {
  const { retryMs, maxRetryMs } = { ...defaultAxonAnnouncerOptions, ...options };
  const { chain, network, signer, logger } = deps;
  let addrs: string[] = [];
  let pending = new Set(netuids);
  let attempt = 0;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let queue: Promise<void> = Promise.resolve();
  let queued = false;
  let unsubscribe: (() => void) | null = null;
  let stopped = false;
  /** Peer ids already warned about (one warning per subnet and peer). */
  const warned = new Set<string>();

  const retryDelay = () => Math.min(maxRetryMs, retryMs * 2 ** attempt);

  async function announceOne(netuid: number): Promise<Outcome> {
    const delay = retryDelay();
    try {
      const graph = await chain.getMetagraph(netuid);
      const self = graph?.neurons.find((n) => n.hotkey === signer.address);
      if (graph === null || self === undefined) {
        logger.warn(
          { netuid, hotkey: signer.address, retryInMs: delay },
          "hotkey is not registered on this subnet; serving the axon once it is",
        );
        return "notRegistered";
      }
      const current = self.endpoint;
      if (current?.peerId === network.peerId && setKey(current.multiaddrs) === setKey(addrs)) return "current";
      if (current !== null && current.peerId !== network.peerId && !warned.has(`${netuid}/${current.peerId}`)) {
        warned.add(`${netuid}/${current.peerId}`);
        if (await network.reachable({ peerId: current.peerId, multiaddrs: current.multiaddrs }).catch(() => false)) {
          logger.warn(
            { netuid, hotkey: signer.address, servedBy: current.peerId, multiaddrs: current.multiaddrs, self: network.peerId },
            "this hotkey is already served by another live node (another peer id); announcing this one replaces it: is the same hotkey running twice?",
          );
        }
      }
      // The pallet refuses a new endpoint until serving_rate_limit blocks after the last one.
      const limit = graph.hyperparameters.servingRateLimit;
      if (current !== null && BigInt(graph.block - current.block) < limit) {
        const blocksLeft = limit - BigInt(graph.block - current.block);
        logger.info({ netuid, blocksLeft: Number(blocksLeft), retryInMs: delay }, "serve_axon waits for the serving rate limit");
        return "rateLimited";
      }
      await chain.serveAxon(signer, netuid, { peerId: network.peerId, multiaddrs: addrs, version: 1, protocol: 0 });
      logger.info({ netuid, peerId: network.peerId, multiaddrs: addrs }, "axon served on chain");
      return "served";
    } catch (err) {
      deps.metrics?.chainError("serve_axon");
      const type = (err as { type?: { code?: string; name?: string } }).type;
      const code = type?.code === "DISPATCH" ? type.name : (type?.code ?? "UNKNOWN");
      logger.warn({ netuid, code, err: errorMessage(err), retryInMs: delay }, "serve_axon failed");
      return "failed";
    }
  }

  async function run(): Promise<void> {
    if (stopped) return;
    // An address change during this run replaces `pending` (and queues a run for the new set), so
    // a subnet served here with the old set stays pending in the new one.
    const todo = pending;
    for (const netuid of [...todo]) {
      const outcome = await announceOne(netuid);
      if (outcome === "served" || outcome === "current") todo.delete(netuid);
    }
    if (stopped) return;
    if (pending.size === 0) {
      attempt = 0;
      return;
    }
    const delay = retryDelay();
    attempt += 1;
    if (retry !== null) clearTimeout(retry);
    retry = setTimeout(() => {
      retry = null;
      enqueue();
    }, delay);
    retry.unref?.();
  }

  /** Runs once more after the current run; several changes meanwhile make one run, on the latest set. */
  function enqueue(): Promise<void> {
    if (queued) return queue;
    queued = true;
    queue = queue.then(() => {
      queued = false;
      return run();
    });
    return queue;
  }

  return {
    async start() {
      addrs = announced(network.getMultiaddrs());
      unsubscribe = network.onAddressesChanged((next) => {
        const nextAddrs = announced(next);
        if (setKey(nextAddrs) === setKey(addrs)) {
          logger.debug({ multiaddrs: nextAddrs }, "listen addresses unchanged; not announcing");
          return;
        }
        addrs = nextAddrs;
        pending = new Set(netuids);
        attempt = 0;
        void enqueue();
      });
      await enqueue();
    },
    async stop() {
      stopped = true;
      unsubscribe?.();
      if (retry !== null) clearTimeout(retry);
      retry = null;
      await queue;
    },
  };
}
