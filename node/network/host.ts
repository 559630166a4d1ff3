import { noise } from "@chainsafe/libp2p-noise";
import { yamux } from "@chainsafe/libp2p-yamux";
import { identify } from "@libp2p/identify";
import type { ConnectionGater, Ed25519PrivateKey, PeerId } from "@libp2p/interface";
import { kadDHT, passthroughMapper } from "@libp2p/kad-dht";
import { ping } from "@libp2p/ping";
import { tcp } from "@libp2p/tcp";
import type { Multiaddr } from "@multiformats/multiaddr";
import { createLibp2p, type Libp2p } from "libp2p";
import { coalescingEncrypter } from "./coalesce.js";
import { allowMultiaddr, type NetworkOptions } from "./options.js";

export const DHT_PROTOCOL = "/meshtensor/kad/1.0.0";

/**
 * Builds the libp2p node with the limits a validator fanning out to hundreds of miners needs
 * (toolchain/NOTES.md): yamux's 10 early streams and the 5 new connections per second per host
 * would otherwise fail a cold fan-out, and the DHT would drop the private addresses local nets use.
 */
/** What the peer guard adds to the host (node/network/peer-guard.ts, stranger-limits.ts). */
export interface HostGuards {
  connectionGater?: ConnectionGater;
  addressFilter?: (peerId: PeerId, addr: Multiaddr) => Promise<boolean>;
}

export async function createHost(
  options: NetworkOptions,
  privateKey: Ed25519PrivateKey,
  guards: HostGuards = {},
): Promise<Libp2p> {
  const services: Record<string, unknown> = { identify: identify(), ping: ping() };
  if (options.dht) {
    services.dht = kadDHT({
      protocol: DHT_PROTOCOL,
      clientMode: false,
      peerInfoMapper: passthroughMapper,
      initialQuerySelfInterval: 200,
      allowQueryWithZeroPeers: true,
    });
  }
  return createLibp2p({
    privateKey,
    start: false,
    addresses: { listen: options.listen },
    transports: [tcp()],
    connectionEncrypters: [coalescingEncrypter(noise())],
    streamMuxers: [
      yamux({
        maxEarlyStreams: 256,
        maxInboundStreams: 4096,
        maxOutboundStreams: 4096,
        streamOptions: { inactivityTimeout: 0, maxReadBufferLength: options.maxMessageBytes * 4 },
      }),
    ],
    connectionManager: {
      maxConnections: options.maxConnections,
      inboundConnectionThreshold: Math.max(64, options.maxConnections),
      maxIncomingPendingConnections: Math.max(64, options.maxConnections),
      maxParallelDials: 256,
      dialTimeout: options.dialTimeoutMs,
      allow: options.allow.map(allowMultiaddr),
    },
    connectionGater: guards.connectionGater,
    peerStore: guards.addressFilter === undefined ? undefined : { addressFilter: guards.addressFilter },
    services: services as Record<string, never>,
  }) as unknown as Libp2p;
}
