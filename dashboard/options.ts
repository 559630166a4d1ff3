import { z } from "zod";
import { DashboardError } from "./errors.js";

export const dashboardOptionsSchema = z
  .object({
    /** The chain to follow (any meshtensor chain: the embedded dev chain or a node). */
    chain: z
      .string()
      .regex(/^wss?:\/\/.+/, "must be a ws:// or wss:// URL")
      .default("ws://127.0.0.1:9944"),
    /** 127.0.0.1 unless exposing the page is asked for on purpose (`--host`). */
    host: z.string().min(1).default("127.0.0.1"),
    /** 0 picks a free port (tests). */
    port: z.number().int().min(0).max(65535).default(8080),
    /** How often the server asks the chain for its best block (a new one triggers a push). */
    pollMs: z.number().int().min(50).max(60_000).default(1000),
    /** First connect and reconnects give up after this long and retry (the page shows the error meanwhile). */
    connectTimeoutMs: z.number().int().min(100).max(120_000).default(2000),
    /** A chain read that takes longer than this counts as the chain being down. */
    requestTimeoutMs: z.number().int().min(100).max(120_000).default(10_000),
    /** Epochs kept per subnet for the charts and neuron histories. */
    historyEpochs: z.number().int().min(1).max(1000).default(32),
  })
  .strict();

export type DashboardOptions = z.input<typeof dashboardOptionsSchema>;
export type ResolvedDashboardOptions = z.output<typeof dashboardOptionsSchema>;

export function parseDashboardOptions(input: DashboardOptions): ResolvedDashboardOptions {
  const parsed = dashboardOptionsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue?.path.join(".") || String((issue as { keys?: string[] } | undefined)?.keys?.[0] ?? "(options)");
  throw new DashboardError(
    { code: "INVALID_OPTIONS", field, reason: issue?.message ?? "invalid" },
    `dashboard option ${field}: ${issue?.message ?? "invalid"}`,
  );
}
