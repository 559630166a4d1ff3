import type { Network } from "../network/index.js";
import type { MetagraphView } from "./metagraph-sync.js";

/**
 * Tells the network which peer ids this subnet's metagraph lists, now and after each refresh:
 * they are the peers the DHT serves and whose connections are not limited as strangers'.
 * Returns the unsubscribe function.
 */
export function shareKnownPeers(metagraph: MetagraphView, network: Pick<Network, "setKnownPeers">): () => void {
  const source = `subnet ${metagraph.netuid}`;
  const update = (): void => {
    const ids: string[] = [];
    for (const neuron of metagraph.current()?.neurons ?? []) if (neuron.endpoint?.peerId) ids.push(neuron.endpoint.peerId);
    network.setKnownPeers(source, ids);
  };
  update();
  const off = metagraph.onUpdate(update);
  return () => {
    off();
    network.setKnownPeers(source, []);
  };
}
