import type { ChainClient } from "../../chain/client/interface.js";
import type { Metagraph, NeuronInfo } from "../../chain/client/types.js";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/logger.js";

/** A subnet's metagraph kept fresh from the chain, with lookups by hotkey and peer id. */
export interface MetagraphView {
  readonly netuid: number;
  current(): Metagraph | null;
  byHotkey(hotkey: string): NeuronInfo | null;
  byPeerId(peerId: string): NeuronInfo | null;
  /** Reads the metagraph now (one runtime-API call); keeps the last good one on error. */
  refresh(): Promise<Metagraph | null>;
  /** Called after each successful refresh. */
  onUpdate(listener: (metagraph: Metagraph) => void): () => void;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface MetagraphSyncOptions {
  netuid: number;
  /** Re-read every this many ms (the role also refreshes at least once per tempo). */
  intervalMs: number;
}

export interface MetagraphSyncDeps {
  chain: ChainClient;
  logger: Logger;
  onChainError?: (err: unknown) => void;
}

export function createMetagraphSync(options: MetagraphSyncOptions, deps: MetagraphSyncDeps): MetagraphView {
  let graph: Metagraph | null = null;
  let hotkeys = new Map<string, NeuronInfo>();
  let peers = new Map<string, NeuronInfo>();
  let timer: NodeJS.Timeout | null = null;
  let inFlight: Promise<Metagraph | null> | null = null;
  const listeners = new Set<(m: Metagraph) => void>();

  const index = (next: Metagraph): void => {
    graph = next;
    hotkeys = new Map(next.neurons.map((n) => [n.hotkey, n]));
    peers = new Map();
    for (const neuron of next.neurons) {
      // Two hotkeys claiming one peer id: trust neither (a copied endpoint proves nothing).
      const peerId = neuron.endpoint?.peerId;
      if (!peerId) continue;
      if (peers.has(peerId)) peers.set(peerId, { ...neuron, uid: -1 });
      else peers.set(peerId, neuron);
    }
    for (const [peerId, neuron] of peers) if (neuron.uid === -1) peers.delete(peerId);
  };

  const refresh = (): Promise<Metagraph | null> => {
    if (inFlight !== null) return inFlight;
    inFlight = deps.chain
      .getMetagraph(options.netuid)
      .then((next) => {
        if (next === null) {
          deps.logger.warn({ netuid: options.netuid }, "subnet not found on chain");
          return graph;
        }
        index(next);
        for (const listener of listeners) listener(next);
        return next;
      })
      .catch((err: unknown) => {
        deps.onChainError?.(err);
        deps.logger.warn({ netuid: options.netuid, err: errorMessage(err) }, "metagraph sync failed; keeping the last one");
        return graph;
      })
      .finally(() => {
        inFlight = null;
      });
    return inFlight;
  };

  return {
    netuid: options.netuid,
    current: () => graph,
    byHotkey: (hotkey) => hotkeys.get(hotkey) ?? null,
    byPeerId: (peerId) => peers.get(peerId) ?? null,
    refresh,
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      await refresh();
      timer = setInterval(() => void refresh(), options.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      await inFlight;
    },
  };
}
