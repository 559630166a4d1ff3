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
    /** Hosts exempt from the per-host inbound connection rate limit (libp2p default: 5/s). */
    allow: z.array(z.string()).default([]),
  })
  .strict();

export type NetworkOptions = z.infer<typeof networkOptionsSchema>;
export type NetworkOptionsInput = z.input<typeof networkOptionsSchema>;
