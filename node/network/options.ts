import { isIP } from "node:net";
import { z } from "zod";

/** Network options; the node config embeds this schema under `network`. */
export const networkOptionsSchema = z
  .object({
    /** Multiaddrs to listen on; 127.0.0.1 by default (tests and local nets). */
    listen: z.array(z.string()).default(["/ip4/127.0.0.1/tcp/0"]),
    /** Multiaddrs (with /p2p/<id>) to seed the DHT with, besides the metagraph's endpoints. */
    bootstrap: z.array(z.string()).default([]),
    /** Largest query message accepted or sent, checked before decoding. */
    maxMessageBytes: z
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024)
      .default(8 * 1024 * 1024),
    maxConnections: z.number().int().min(8).default(1024),
    dialTimeoutMs: z.number().int().min(100).default(5_000),
    /** Run kad-dht (server mode) among the subnet's nodes. */
    dht: z.boolean().default(true),
    /** Hosts exempt from the per-host inbound connection rate limit: IPs ("127.0.0.1") or multiaddrs ("/ip4/10.0.0.0/ipcidr/8"). */
    allow: z.array(z.string().refine(isAllowEntry, "expected an IPv4/IPv6 address or an /ip4 or /ip6 multiaddr")).default([]),
    /**
     * What signs each query message: "session" (an Ed25519 key the hotkey certifies, renewed daily;
     * 3-4x cheaper per message) or "hotkey" (the hotkey's sr25519 key itself). Peers verify both.
     */
    signing: z.enum(["session", "hotkey"]).default("session"),
    /** Addresses kept per peer in the peer store, however many a peer announces (for itself or others). */
    maxAddrsPerPeer: z.number().int().min(1).max(256).default(16),
    /** DHT messages served per metagraph peer per second (token bucket); strangers get none. */
    dhtMessagesPerSecond: z.number().positive().default(10),
    dhtBurst: z.number().int().min(1).default(50),
    /** Inbound connections from peers no metagraph lists, at most (also at most half of maxConnections). */
    strangerConnections: z.number().int().min(0).default(128),
    /** ... and at most this many per remote host (allow-listed hosts included). */
    strangerConnectionsPerHost: z.number().int().min(0).default(8),
    /** A stranger's inbound connection is closed once this old, unless the metagraph lists it by then. */
    strangerGraceMs: z.number().int().min(100).default(30_000),
    /** Dials (TCP + noise + yamux) run at once; the rest wait their turn, their timeout not yet running. */
    dialConcurrency: z.number().int().min(1).default(32),
    /** After a failed dial a peer is not redialled for this long, doubled per failure (with jitter) up to dialBackoffMaxMs. */
    dialBackoffMs: z.number().int().min(0).default(1_000),
    dialBackoffMaxMs: z.number().int().min(0).default(30_000),
  })
  .strict();

export type NetworkOptions = z.infer<typeof networkOptionsSchema>;
export type NetworkOptionsInput = z.input<typeof networkOptionsSchema>;

/** An IP address, or a multiaddr starting with /ip4 or /ip6. */
export function isAllowEntry(value: string): boolean {
  return isIP(value) !== 0 || /^\/ip[46]\/[^/]+/.test(value);
}

/** The allow-list entry as the multiaddr libp2p expects. */
export function allowMultiaddr(value: string): string {
  const family = isIP(value);
  if (family === 4) return `/ip4/${value}`;
  if (family === 6) return `/ip6/${value}`;
  return value;
}
