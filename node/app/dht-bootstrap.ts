import type { ChainClient } from "../../chain/client/interface.js";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/logger.js";
import type { Network } from "../network/index.js";

/**
 * Keeps this node in the subnet's DHT: every `intervalMs` it reads the subnets' endpoints from
 * the chain and dials a few of them when it has fewer than `target` connections. That is the
 * DHT's bootstrap (no public bootstrap nodes), so a miner whose on-chain address went stale can
 * still be found through its neighbours.
 */
export function createDhtBootstrap(
  options: { netuids: number[]; target: number; intervalMs: number },
  deps: { chain: ChainClient; network: Network; logger: Logger },
) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  async function once(): Promise<void> {
    try {
      const peers = [];
      for (const netuid of options.netuids) {
        const graph = await deps.chain.getMetagraph(netuid);
        for (const n of graph?.neurons ?? [])
          if (n.endpoint) peers.push({ peerId: n.endpoint.peerId, multiaddrs: n.endpoint.multiaddrs });
      }
      const dialled = await deps.network.bootstrap(peers, options.target);
      if (dialled > 0) deps.logger.debug({ dialled, known: peers.length }, "DHT bootstrap");
    } catch (err) {
      deps.logger.debug({ err: errorMessage(err) }, "DHT bootstrap failed; will retry");
    }
  }

  return {
    async start() {
      running = once();
      timer = setInterval(() => {
        running = running.then(once);
      }, options.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}
