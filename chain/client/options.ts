import { z } from "zod";

export const chainClientOptionsSchema = z
  .object({
    endpoint: z
      .string()
      .regex(/^wss?:\/\/.+/, "must be a ws:// or wss:// URL")
      .default("ws://127.0.0.1:9944"),
    /** Give up the first connection after this long (retrying with backoff meanwhile). */
    connectTimeoutMs: z.number().int().min(100).default(15_000),
    /** Reconnect backoff after a lost connection: starts here, doubles, capped at `maxBackoffMs`. */
    initialBackoffMs: z.number().int().min(10).default(250),
    maxBackoffMs: z.number().int().min(10).default(10_000),
    /** Per-request timeout of the RPC provider. */
    requestTimeoutMs: z.number().int().min(100).default(60_000),
  })
  .strict();

export type ChainClientOptions = z.input<typeof chainClientOptionsSchema>;
export type ResolvedChainClientOptions = z.output<typeof chainClientOptionsSchema>;
