import type { Libp2p, PeerId } from "@libp2p/interface";
import type { Multiaddr } from "@multiformats/multiaddr";
import type { Logger } from "../../lib/logger.js";
import { NetworkError } from "./errors.js";

/**
 * What the metagraph tells the network: which peer ids belong to registered neurons. Everything
 * a stranger (a peer id no metagraph lists) can make this node store or compute is bounded here:
 *
 * - the DHT answers only metagraph peers, only FIND_NODE and PING (the only messages meshtensor
 *   uses: no provider or value records to fill), at most `dhtMessagesPerSecond` per peer;
 * - the routing table holds only metagraph peers;
 * - the peer store keeps at most `maxAddrsPerPeer` addresses per peer, whoever announced them.
 *
 * Measured before (issue 14): 3,000 ADD_PROVIDER messages with 20 addresses each from a stranger
 * froze a miner for 4.5 minutes and left 1,158 addresses for the attacker in its peer store.
 */
export interface PeerGuardOptions {
  maxAddrsPerPeer: number;
  dhtMessagesPerSecond: number;
  dhtBurst: number;
}

export interface PeerGuardStats {
  knownPeers: number;
  dhtRefusedStranger: number;
  dhtRefusedType: number;
  dhtRateLimited: number;
  addrsDropped: number;
}

export interface PeerGuard {
  /** Replaces the peer ids one source (e.g. one subnet's metagraph) vouches for. */
  setKnown(source: string, peerIds: Iterable<string>): string[];
  isKnown(peerId: string): boolean;
  /** For libp2p's `peerStore.addressFilter`: caps the addresses kept per peer. */
  addressFilter(peerId: PeerId, addr: Multiaddr): Promise<boolean>;
  /** Installs the DHT gate on a started libp2p node's kad-dht service. */
  attach(node: Libp2p): void;
  stats(): PeerGuardStats;
}

/** kad-dht 16 internals the gate wraps; checked at attach so a version change fails loudly. */
interface KadInternals {
  rpc?: { handleMessage?: (peer: PeerId, msg: { type: string }) => Promise<unknown> };
  routingTable?: { add?: (peer: PeerId, options?: unknown) => Promise<void> };
}

/** The only DHT messages meshtensor needs: peer routing. Records and providers are refused. */
const ALLOWED_DHT_MESSAGES = new Set(["FIND_NODE", "PING"]);
/** Bound on the per-peer tables kept here (buckets, address sets): oldest dropped first. */
const MAX_TRACKED_PEERS = 4096;

interface Bucket {
  tokens: number;
  at: number;
}

export function createPeerGuard(options: PeerGuardOptions, log: Logger): PeerGuard {
  const sources = new Map<string, Set<string>>();
  let known = new Set<string>();
  const buckets = new Map<string, Bucket>();
  const addrs = new Map<string, Set<string>>();
  let node: Libp2p | null = null;
  const counters = { dhtRefusedStranger: 0, dhtRefusedType: 0, dhtRateLimited: 0, addrsDropped: 0 };

  const remember = <T>(map: Map<string, T>, key: string, value: T): T => {
    if (map.size >= MAX_TRACKED_PEERS && !map.has(key)) {
      const oldest = map.keys().next().value;
      if (oldest !== undefined) map.delete(oldest);
    }
    map.set(key, value);
    return value;
  };

  const takeToken = (peer: string): boolean => {
    const now = Date.now();
    const bucket = buckets.get(peer) ?? remember(buckets, peer, { tokens: options.dhtBurst, at: now });
    bucket.tokens = Math.min(options.dhtBurst, bucket.tokens + ((now - bucket.at) / 1000) * options.dhtMessagesPerSecond);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };

  /** Refuses a DHT message before any handler work; the thrown error makes kad-dht drop the stream. */
  const admit = (peer: PeerId, type: string): void => {
    const id = peer.toString();
    if (!known.has(id)) {
      counters.dhtRefusedStranger += 1;
      throw new NetworkError({ code: "DHT_REFUSED", peer: id, reason: "not in the metagraph" });
    }
    if (!ALLOWED_DHT_MESSAGES.has(type)) {
      counters.dhtRefusedType += 1;
      throw new NetworkError({ code: "DHT_REFUSED", peer: id, reason: `${type} is not served` });
    }
    if (!takeToken(id)) {
      counters.dhtRateLimited += 1;
      throw new NetworkError({ code: "DHT_REFUSED", peer: id, reason: "rate limited" });
    }
  };

  return {
    setKnown(source, peerIds) {
      sources.set(source, new Set(peerIds));
      const next = new Set<string>();
      for (const set of sources.values()) for (const id of set) next.add(id);
      const added = [...next].filter((id) => !known.has(id));
      known = next;
      return added;
    },

    isKnown: (peerId) => known.has(peerId),

    async addressFilter(peerId, addr) {
      const id = peerId.toString();
      const text = addr.toString();
      let set = addrs.get(id);
      if (set?.has(text)) return true;
      if (set !== undefined && set.size >= options.maxAddrsPerPeer && node !== null) {
        // The tally may be stale (addresses replaced or expired): recount from the peer store.
        const current = await node.peerStore.get(peerId).catch(() => null);
        set = remember(addrs, id, new Set((current?.addresses ?? []).map((a) => a.multiaddr.toString())));
      }
      set ??= remember(addrs, id, new Set());
      if (set.size >= options.maxAddrsPerPeer) {
        counters.addrsDropped += 1;
        return false;
      }
      set.add(text);
      return true;
    },

    attach(libp2p) {
      node = libp2p;
      const dht = (libp2p.services as { dht?: unknown }).dht as KadInternals | undefined;
      if (dht === undefined) return;
      const rpc = dht.rpc;
      const table = dht.routingTable;
      if (typeof rpc?.handleMessage !== "function" || typeof table?.add !== "function") {
        throw new NetworkError({ code: "DHT_GUARD_UNSUPPORTED", reason: "kad-dht has no rpc.handleMessage / routingTable.add" });
      }
      const handle = rpc.handleMessage.bind(rpc);
      rpc.handleMessage = (peer, msg) => {
        admit(peer, msg.type);
        return handle(peer, msg);
      };
      const add = table.add.bind(table);
      table.add = async (peer, addOptions) => {
        if (known.has(peer.toString())) await add(peer, addOptions);
      };
      log.debug({ allowed: [...ALLOWED_DHT_MESSAGES] }, "DHT limited to metagraph peers");
    },

    stats: () => ({ knownPeers: known.size, ...counters }),
  };
}

/** Adds newly known, already connected peers to the DHT routing table (refused while strangers). */
export async function admitToRoutingTable(node: Libp2p, peerIds: string[]): Promise<void> {
  const table = ((node.services as { dht?: unknown }).dht as KadInternals | undefined)?.routingTable;
  if (table?.add === undefined || peerIds.length === 0) return;
  const wanted = new Set(peerIds);
  for (const peer of node.getPeers()) {
    if (wanted.has(peer.toString())) await table.add(peer).catch(() => undefined);
  }
}
