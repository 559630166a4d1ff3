import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { DevChainError } from "./errors.js";

/** `chain/artifacts/` of this checkout: the committed runtime and chain specs. */
export const ARTIFACTS_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "artifacts");

export const devChainOptionsSchema = z
  .object({
    /** "dev" (fast profile), "local" (real defaults) or a path to a raw chain spec JSON. */
    chainSpec: z.string().min(1).default("dev"),
    host: z.string().min(1).default("127.0.0.1"),
    /** 0 picks a free port (tests); 9944 by default like a Substrate node. */
    port: z.number().int().min(0).max(65535).default(9944),
    /** interval: a block every `blockTimeMs`; instant: a block per extrinsic; manual: only `newBlock()`. */
    mode: z.enum(["interval", "instant", "manual"]).default("interval"),
    /** Block pacing in interval mode; 6 s is what a real node does, tests use ~100-500 ms. */
    blockTimeMs: z.number().int().min(10).max(600_000).default(6000),
    /** Keeps the chain across restarts: embedded, a SQLite file; node, a database directory. */
    dbPath: z.string().min(1).optional(),
    /** embedded: chopsticks in this process (no build needed); node: meshtensor-node processes. */
    engine: z.enum(["embedded", "node"]).default("embedded"),
    /** node engine: 1 runs one sealing process; 2-6 run an Aura + GRANDPA network of that many. */
    authorities: z.number().int().min(1).max(6).default(1),
    /** node engine: the binary (default: $MESHTENSOR_NODE_BIN, then chain/node/bin/meshtensor-node). */
    nodeBinary: z.string().min(1).optional(),
    /** chopsticks' own log level (it is chatty at info). */
    logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace"]).default("error"),
  })
  .strict();

export type DevChainOptions = z.input<typeof devChainOptionsSchema>;
export type ResolvedDevChainOptions = z.output<typeof devChainOptionsSchema>;

export function parseDevChainOptions(input: DevChainOptions): ResolvedDevChainOptions {
  const parsed = devChainOptionsSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") || String((issue as { keys?: string[] } | undefined)?.keys?.[0] ?? "(options)");
    throw new DevChainError(
      { code: "INVALID_OPTIONS", field, reason: issue?.message ?? "invalid" },
      `devchain option ${field}: ${issue?.message}`,
    );
  }
  return parsed.data;
}

export function chainSpecPath(chainSpec: string): string {
  if (chainSpec === "dev" || chainSpec === "local") return join(ARTIFACTS_DIR, `chainspec-${chainSpec}.raw.json`);
  return chainSpec;
}
