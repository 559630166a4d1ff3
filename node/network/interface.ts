import type { DialSchedulerStats } from "./dial-scheduler.js";
import type { PeerGuardStats } from "./peer-guard.js";
import type { StrangerStats } from "./stranger-limits.js";

/** Where to reach a peer: its libp2p id and the multiaddrs known for it (may be stale or empty). */
export interface PeerAddress {
  peerId: string;
  multiaddrs: string[];
}

/** Who sent an inbound message: the peer id the noise handshake proved. */
export interface InboundContext {
  peerId: string;
}

/**
 * Serves one subnet's query protocol: gets each inbound message (already size-checked, not
 * decoded) and returns the response message, or null to send nothing.
 */
export type MessageHandler = (message: Uint8Array, from: InboundContext) => Promise<Uint8Array | null>;

export interface ServeOptions {
  /**
   * A lower cap on the messages a peer may send (checked at each length prefix, before the body is
   * buffered), e.g. for peers the metagraph does not list as validators. Default: maxMessageBytes.
   */
  maxMessageBytesFor?: (peerId: string) => number;
}

/**
 * The libp2p node: the only part that touches libp2p. It moves length-prefixed messages over one
 * long-lived stream per (peer, subnet), multiplexed by request id, and finds peers through kad-dht.
 */
export interface Network {
  /** This node's peer id (base58btc). */
  readonly peerId: string;
  start(): Promise<void>;
  /** Stops accepting, closes streams and connections. */
  stop(): Promise<void>;
  /** Addresses others can dial, in text form. */
  getMultiaddrs(): string[];
  /** Called when this node's listen addresses change; returns an unsubscribe function. */
  onAddressesChanged(listener: (multiaddrs: string[]) => void): () => void;
  /** Serves `/meshtensor/<netuid>/query/1.0.0`. */
  serve(netuid: number, handler: MessageHandler, options?: ServeOptions): Promise<void>;
  unserve(netuid: number): Promise<void>;
  /** Dials the peer and opens its query stream now, so handshakes happen off the query path. */
  connect(peer: PeerAddress, netuid: number, signal?: AbortSignal): Promise<void>;
  /**
   * Sends one request message and resolves with the response message carrying the same request
   * id. Rejects with NetworkError (DIAL_FAILED, STREAM_CLOSED, ABORTED, TOO_LARGE).
   */
  request(peer: PeerAddress, netuid: number, requestId: number, message: Uint8Array, signal: AbortSignal): Promise<Uint8Array>;
  /** Current addresses of a peer through the DHT (and the peer store). */
  findPeer(peerId: string, signal?: AbortSignal): Promise<string[]>;
  /** Closes connections to peers not in `keep` (e.g. miners that left the metagraph). */
  prune(keep: Set<string>): Promise<void>;
  /**
   * Joins the DHT through known peers (no public bootstrap: the metagraph's endpoints): records
   * their addresses and dials up to `target` of them while fewer are connected. Best effort.
   */
  bootstrap(peers: PeerAddress[], target: number): Promise<number>;
  /** Whether the peer answers a dial now (connects, then hangs up unless already connected). */
  reachable(peer: PeerAddress, signal?: AbortSignal): Promise<boolean>;
  /** Peer ids with an open connection. */
  connectedPeers(): string[];
  /**
   * The peer ids one source (a subnet's metagraph) lists; their union is who the DHT serves and
   * whose inbound connections are not capped or reaped as strangers'. Replaces that source's set.
   */
  setKnownPeers(source: string, peerIds: Iterable<string>): void;
  /** The addresses this node keeps for a peer (its peer store), e.g. to see what the DHT learnt. */
  peerAddresses(peerId: string): Promise<string[]>;
  /** Counters of the limits above and of dialling (for metrics, health and tests). */
  stats(): NetworkStats;
}

export interface NetworkStats extends PeerGuardStats, StrangerStats {
  dials: DialSchedulerStats;
  connections: number;
}

export function queryProtocol(netuid: number): string {
  return `/meshtensor/${netuid}/query/1.0.0`;
}
