import type { ChainClient, ChainSigner } from "../../chain/client/interface.js";
import type { Logger } from "../logger/index.js";
import type { Metrics } from "../metrics/index.js";
import type { Network } from "../network/index.js";

/** serve_axon keeps at most 8 multiaddrs (chain.md). */
const MAX_ADDRS = 8;

/**
 * Announces `serve_axon(netuid, peer id, multiaddrs)` for each subnet at start and whenever the
 * listen addresses change, skipping subnets whose on-chain endpoint is already current (the call
 * is rate limited by `serving_rate_limit`).
 */
export function createAxonAnnouncer(
  netuids: number[],
  deps: { chain: ChainClient; network: Network; signer: ChainSigner; metrics: Metrics | null; logger: Logger },
) {
  let unsubscribe: (() => void) | null = null;
  let queue: Promise<void> = Promise.resolve();

  async function announce(addrs: string[]): Promise<void> {
    const multiaddrs = addrs.slice(0, MAX_ADDRS);
    for (const netuid of netuids) {
      try {
        const graph = await deps.chain.getMetagraph(netuid);
        const self = graph?.neurons.find((n) => n.hotkey === deps.signer.address);
        if (self === undefined) {
          deps.logger.warn(
            { netuid, hotkey: deps.signer.address },
            "hotkey is not registered on this subnet; not serving the axon",
          );
          continue;
        }
        const current = self.endpoint;
        if (current?.peerId === deps.network.peerId && current.multiaddrs.join(",") === multiaddrs.join(",")) continue;
        await deps.chain.serveAxon(deps.signer, netuid, { peerId: deps.network.peerId, multiaddrs, version: 1, protocol: 0 });
        deps.logger.info({ netuid, peerId: deps.network.peerId, multiaddrs }, "axon served on chain");
      } catch (err) {
        deps.metrics?.chainError("serve_axon");
        deps.logger.warn({ netuid, err: (err as Error).message }, "serve_axon failed");
      }
    }
  }

  return {
    async start() {
      await announce(deps.network.getMultiaddrs());
      unsubscribe = deps.network.onAddressesChanged((addrs) => {
        queue = queue.then(() => announce(addrs));
      });
    },
    async stop() {
      unsubscribe?.();
      await queue;
    },
  };
}
