import type { Libp2p, PeerId } from "@libp2p/interface";
import type { KadDHT } from "@libp2p/kad-dht";
import { peerIdFromPrivateKey, peerIdFromString } from "@libp2p/peer-id";
import { type Multiaddr, multiaddr } from "@multiformats/multiaddr";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/logger.js";
import { type InboundStream, OutboundChannel, serveInboundStream } from "./channel.js";
import { createDialScheduler } from "./dial-scheduler.js";
import { NetworkError } from "./errors.js";
import { createHost } from "./host.js";
import { type MessageHandler, type Network, type PeerAddress, queryProtocol, type ServeOptions } from "./interface.js";
import { privateKeyFromSeed } from "./keys.js";
import { type NetworkOptionsInput, networkOptionsSchema } from "./options.js";
import { admitToRoutingTable, createPeerGuard } from "./peer-guard.js";
import { tooLargeRefusal } from "./query/server.js";
import type { MessageSigner } from "./query/signing.js";
import { initSr25519 } from "./query/sr25519.js";
import { createStrangerLimits } from "./stranger-limits.js";

export interface NetworkDeps {
  logger: Logger;
  /** 32-byte Ed25519 seed of this node's libp2p identity (node/identity keeps it on disk). */
  peerKeySeed: Uint8Array;
  /**
   * Signs the refusal of an oversized message (the query protocol's tooLarge reply, request id 0).
   * Absent: such a message gets an empty reply.
   */
  refusalSigner?: MessageSigner;
}

export async function createNetwork(input: NetworkOptionsInput, deps: NetworkDeps): Promise<Network> {
  const options = networkOptionsSchema.parse(input);
  await initSr25519();
  const privateKey = await privateKeyFromSeed(deps.peerKeySeed);
  const selfId = peerIdFromPrivateKey(privateKey);
  const log = deps.logger;
  const refusalSigner = deps.refusalSigner;
  const tooLargeResponse = (err: NetworkError): Uint8Array =>
    refusalSigner === undefined ? new Uint8Array(0) : tooLargeRefusal(refusalSigner, err.message);
  const channels = new Map<string, OutboundChannel>();
  const opening = new Map<string, Promise<OutboundChannel>>();
  const inbound = new Set<InboundStream>();
  const listeners = new Set<(addrs: string[]) => void>();
  let node: Libp2p | null = null;
  let lastAddrs = "";
  const guard = createPeerGuard(options, log);
  const strangers = createStrangerLimits(
    {
      maxConnections: Math.min(options.strangerConnections, Math.floor(options.maxConnections / 2)),
      maxPerHost: options.strangerConnectionsPerHost,
      graceMs: options.strangerGraceMs,
    },
    guard.isKnown,
    log,
  );
  // The dial's own deadline is twice the dial timeout (see channelFor), counted from when it runs.
  const dials = createDialScheduler({
    concurrency: options.dialConcurrency,
    backoffMs: options.dialBackoffMs,
    backoffMaxMs: options.dialBackoffMaxMs,
    dialTimeoutMs: options.dialTimeoutMs * 2,
  });

  const started = (): Libp2p => {
    if (node === null) throw new NetworkError({ code: "NOT_STARTED" });
    return node;
  };
  const addrs = (): string[] => (node === null ? [] : node.getMultiaddrs().map((m) => m.toString()));

  const parsePeer = (value: string): PeerId => {
    try {
      return peerIdFromString(value);
    } catch (err) {
      throw new NetworkError({ code: "BAD_PEER_ID", value }, undefined, { cause: err });
    }
  };
  const parseAddrs = (values: string[]): Multiaddr[] => {
    const out: Multiaddr[] = [];
    for (const value of values) {
      try {
        out.push(multiaddr(value));
      } catch (err) {
        log.debug({ value, err: errorMessage(err) }, "skipping bad multiaddr");
      }
    }
    return out;
  };

  const dht = (): KadDHT | null => (started().services as { dht?: KadDHT }).dht ?? null;

  async function dialStream(peer: PeerAddress, netuid: number, signal?: AbortSignal): Promise<OutboundChannel> {
    const libp2p = started();
    const id = parsePeer(peer.peerId);
    const known = parseAddrs(peer.multiaddrs);
    if (known.length > 0) await libp2p.peerStore.merge(id, { multiaddrs: known });
    const open = async (): Promise<OutboundChannel> => {
      const stream = await libp2p.dialProtocol(id, queryProtocol(netuid), { signal, runOnLimitedConnection: false });
      return new OutboundChannel(stream, peer.peerId, options.maxMessageBytes, log);
    };
    try {
      return await open();
    } catch (first) {
      if (signal?.aborted || dht() === null) throw wrapDial(peer.peerId, first);
      // The chain's addresses may be stale: ask the DHT for the peer's current ones, then retry once.
      try {
        const found = await libp2p.peerRouting.findPeer(id, { signal, useCache: false });
        // Replace, not merge: the stale addresses would be dialled again otherwise.
        await libp2p.peerStore.patch(id, { multiaddrs: found.multiaddrs });
        log.debug({ peer: peer.peerId, addrs: found.multiaddrs.map(String) }, "addresses refreshed through the DHT");
      } catch {
        throw wrapDial(peer.peerId, first);
      }
      try {
        return await open();
      } catch (second) {
        throw wrapDial(peer.peerId, second);
      }
    }
  }

  /**
   * The open channel to a peer, dialling it when needed. The dial waits for a slot in the dial
   * scheduler and then runs on its own deadline (twice the dial timeout), not the caller's: a
   * query that times out while the dial is queued or the handshake is still going (a busy host)
   * leaves the connection to finish for the next round instead of throwing the work away.
   */
  async function channelFor(peer: PeerAddress, netuid: number, signal?: AbortSignal): Promise<OutboundChannel> {
    const key = `${peer.peerId}/${netuid}`;
    const existing = channels.get(key);
    if (existing?.open) return existing;
    let promise = opening.get(key);
    if (promise === undefined) {
      promise = dials
        .run(peer.peerId, (dialSignal) => dialStream(peer, netuid, dialSignal))
        .then((channel) => {
          if (node === null) {
            channel.close();
            throw new NetworkError({ code: "NOT_STARTED" });
          }
          channels.set(key, channel);
          return channel;
        })
        .finally(() => opening.delete(key));
      opening.set(key, promise);
      // Nobody may be waiting any more when it fails: keep that from being an unhandled rejection.
      promise.catch(() => undefined);
    }
    if (signal === undefined) return promise;
    if (signal.aborted) throw new NetworkError({ code: "ABORTED", peer: peer.peerId });
    const abort = signal;
    return new Promise<OutboundChannel>((resolve, reject) => {
      const onAbort = (): void => reject(new NetworkError({ code: "ABORTED", peer: peer.peerId }));
      abort.addEventListener("abort", onAbort, { once: true });
      (promise as Promise<OutboundChannel>).then(
        (channel) => {
          abort.removeEventListener("abort", onAbort);
          resolve(channel);
        },
        (err: unknown) => {
          abort.removeEventListener("abort", onAbort);
          reject(err);
        },
      );
    });
  }

  const onSelfUpdate = (): void => {
    const now = addrs();
    const text = now.join(",");
    if (text === lastAddrs) return;
    lastAddrs = text;
    for (const listener of listeners) listener(now);
  };

  return {
    peerId: selfId.toString(),

    async start() {
      if (node !== null) return;
      node = await createHost(options, privateKey, {
        connectionGater: strangers.gater,
        addressFilter: guard.addressFilter,
      });
      guard.attach(node);
      strangers.attach(node);
      node.addEventListener("self:peer:update", onSelfUpdate);
      await node.start();
      lastAddrs = addrs().join(",");
      log.info({ peerId: selfId.toString(), addrs: addrs() }, "libp2p started");
      for (const value of options.bootstrap) {
        // Best effort: a bootstrap peer that is down must not stop the node.
        node
          .dial(multiaddr(value))
          .catch((err: unknown) => log.warn({ addr: value, err: errorMessage(err) }, "bootstrap dial failed"));
      }
    },

    async stop() {
      if (node === null) return;
      const libp2p = node;
      node = null;
      dials.clear();
      strangers.detach();
      for (const channel of channels.values()) channel.close();
      channels.clear();
      // Answers already produced (or about to be) reach their validators before the sockets go.
      await Promise.all([...inbound].map((s) => s.close(1_000)));
      inbound.clear();
      libp2p.removeEventListener("self:peer:update", onSelfUpdate);
      await libp2p.stop();
      log.info("libp2p stopped");
    },

    getMultiaddrs: addrs,

    onAddressesChanged(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },

    async serve(netuid, handler: MessageHandler, serveOptions?: ServeOptions) {
      const libp2p = started();
      const perPeer = serveOptions?.maxMessageBytesFor;
      await libp2p.handle(
        queryProtocol(netuid),
        (stream, connection) => {
          const peerId = connection.remotePeer.toString();
          const served = serveInboundStream(
            stream,
            peerId,
            perPeer === undefined ? options.maxMessageBytes : () => Math.min(options.maxMessageBytes, perPeer(peerId)),
            (message) => handler(message, { peerId }),
            tooLargeResponse,
            log,
          );
          inbound.add(served);
          stream.addEventListener("close", () => inbound.delete(served));
        },
        // One long-lived stream per validator is the norm; a few spare ones cover reconnects.
        { maxInboundStreams: 8, maxOutboundStreams: 8 },
      );
    },

    async unserve(netuid) {
      if (node === null) return;
      await node.unhandle(queryProtocol(netuid));
    },

    async connect(peer, netuid, signal) {
      await channelFor(peer, netuid, signal);
    },

    async request(peer, netuid, requestId, message, signal) {
      if (message.byteLength > options.maxMessageBytes) {
        throw new NetworkError({ code: "TOO_LARGE", bytes: message.byteLength, max: options.maxMessageBytes });
      }
      // channelFor reopens a stream that died between rounds (peer restarted); a request already
      // sent is never retried, since the miner may have run it.
      const channel = await channelFor(peer, netuid, signal);
      return channel.request(requestId, message, signal);
    },

    async findPeer(peerId, signal) {
      const libp2p = started();
      try {
        const info = await libp2p.peerRouting.findPeer(parsePeer(peerId), { signal, useCache: false });
        return info.multiaddrs.map(String);
      } catch (err) {
        if (err instanceof NetworkError) throw err;
        throw new NetworkError({ code: "PEER_NOT_FOUND", peer: peerId }, undefined, { cause: err });
      }
    },

    async prune(keep) {
      const libp2p = started();
      for (const [key, channel] of channels) {
        if (!keep.has(channel.peerId)) {
          channel.close();
          channels.delete(key);
          await libp2p.hangUp(parsePeer(channel.peerId)).catch(() => undefined);
        }
      }
    },

    async bootstrap(peers, target) {
      const libp2p = started();
      const self = selfId.toString();
      const candidates = peers.filter((p) => p.peerId !== self && p.multiaddrs.length > 0);
      for (const peer of candidates) {
        try {
          await libp2p.peerStore.merge(parsePeer(peer.peerId), { multiaddrs: parseAddrs(peer.multiaddrs) });
        } catch (err) {
          log.debug({ peer: peer.peerId, err: errorMessage(err) }, "skipping bad bootstrap peer");
        }
      }
      const connected = new Set(libp2p.getPeers().map(String));
      const missing = Math.max(0, target - connected.size);
      const choice = candidates
        .filter((p) => !connected.has(p.peerId))
        .sort(() => Math.random() - 0.5)
        .slice(0, missing);
      const results = await Promise.allSettled(
        choice.map((p) => libp2p.dial(parsePeer(p.peerId), { signal: AbortSignal.timeout(options.dialTimeoutMs) })),
      );
      return results.filter((r) => r.status === "fulfilled").length;
    },

    connectedPeers() {
      return node === null ? [] : node.getPeers().map(String);
    },

    async reachable(peer, signal) {
      const libp2p = started();
      const id = parsePeer(peer.peerId);
      const before = libp2p.getConnections(id).length > 0;
      try {
        const known = parseAddrs(peer.multiaddrs);
        if (known.length > 0) await libp2p.peerStore.merge(id, { multiaddrs: known });
        await libp2p.dial(id, { signal: signal ?? AbortSignal.timeout(options.dialTimeoutMs) });
        if (!before) await libp2p.hangUp(id).catch(() => undefined);
        return true;
      } catch {
        return false;
      }
    },

    setKnownPeers(source, peerIds) {
      const added = guard.setKnown(source, peerIds);
      if (node !== null && added.length > 0) void admitToRoutingTable(node, added);
    },

    async peerAddresses(peerId) {
      const peer = await started()
        .peerStore.get(parsePeer(peerId))
        .catch(() => null);
      return (peer?.addresses ?? []).map((a) => a.multiaddr.toString());
    },

    stats() {
      return { ...guard.stats(), ...strangers.stats(), dials: dials.stats(), connections: node?.getConnections().length ?? 0 };
    },
  };
}

function wrapDial(peer: string, err: unknown): NetworkError {
  if (err instanceof NetworkError) return err;
  const name = (err as Error)?.name ?? "";
  if (name === "AbortError") return new NetworkError({ code: "ABORTED", peer }, undefined, { cause: err });
  return new NetworkError({ code: "DIAL_FAILED", peer, reason: (err as Error)?.message ?? String(err) }, undefined, {
    cause: err,
  });
}
