import { z } from "zod";
import { networkOptionsSchema } from "../network/options.js";

const BASE_UNITS_PER_TOKEN = 1_000_000_000n;

/** Token amounts are written as decimal tokens ("1.5", 2) and held as base units. */
const tokens = z
  .union([
    // Bounded so toFixed prints plain digits (String(1e21) or String(5e-324) is exponent form, which BigInt cannot read).
    z.number().nonnegative().max(Number.MAX_SAFE_INTEGER),
    z.string().regex(/^\d+(\.\d{1,9})?$/, "expected a token amount such as 10 or 0.5"),
  ])
  .transform((value) => {
    const [whole = "0", fraction = ""] = (typeof value === "number" ? value.toFixed(9) : value).split(".");
    return BigInt(whole) * BASE_UNITS_PER_TOKEN + BigInt(fraction.padEnd(9, "0").slice(0, 9) || "0");
  });

const walletSchema = z
  .object({
    /** Dev/test only: a secret URI such as "//Alice". */
    uri: z.string().min(1).optional(),
    /** Wallet root; default $MESHTENSOR_HOME/wallets or ~/.meshtensor/wallets. */
    path: z.string().min(1).optional(),
    name: z.string().min(1).optional(),
    hotkey: z.string().min(1).optional(),
    /** Name of the env variable holding the hotkey password, when it has one. */
    passwordEnv: z.string().min(1).optional(),
    /** libp2p key file; default: beside the hotkey file (or in dataDir with `uri`). */
    peerKeyFile: z.string().min(1).optional(),
  })
  .strict()
  .refine((w) => w.uri !== undefined || (w.name !== undefined && w.hotkey !== undefined), {
    message: "set either wallet.uri or both wallet.name and wallet.hotkey",
  });

const subnetEntry = z
  .object({
    netuid: z.number().int().min(1).max(65535),
    /** Subnet name: "ocr", "inference" (or one given to the app by a test). */
    subnet: z.string().min(1),
    options: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const validatorSchema = z
  .object({
    alpha: z.number().gt(0).max(1).default(0.1),
    stepIntervalMs: z.number().int().min(0).default(12_000),
    sampleSize: z.number().int().min(0).default(0),
    maxInFlight: z.number().int().min(1).max(4096).default(256),
    queryTimeoutMs: z.number().int().min(10).nullable().default(null),
    /** A miner that answers no query for this many of the subnet's tempos scores 0 (chain time). */
    silenceTempos: z.number().gt(0).max(100).default(0.5),
    /** Multiply rewards by measured uptime (subnets/availability). */
    availability: z
      .object({ windowMs: z.number().int().min(1000).optional(), probeIntervalMs: z.number().int().min(100).optional() })
      .strict()
      .nullable()
      .default(null),
  })
  .strict();

const minerSchema = z
  .object({
    minStake: tokens.default(0n),
    rateLimit: z
      .object({ perSecond: z.number().positive().default(20), burst: z.number().int().min(1).default(40) })
      .strict()
      .default({ perSecond: 20, burst: 40 }),
    maxConcurrent: z.number().int().min(1).default(64),
    maxQueued: z.number().int().min(0).default(256),
    handlerTimeoutMs: z.number().int().min(10).nullable().default(null),
    metagraphSyncMs: z.number().int().min(100).default(12_000),
    shutdownGraceMs: z.number().int().min(0).default(5_000),
  })
  .strict();

export const nodeConfigSchema = z
  .object({
    chain: z.object({ endpoint: z.string().regex(/^wss?:\/\//, "expected a ws:// or wss:// URL") }).strict(),
    wallet: walletSchema,
    /** Local state (level store, libp2p key with a `uri` wallet). */
    dataDir: z.string().min(1),
    subnets: z.array(subnetEntry).min(1),
    network: networkOptionsSchema.default(networkOptionsSchema.parse({})),
    status: z
      .object({
        enabled: z.boolean().default(true),
        host: z.string().default("127.0.0.1"),
        port: z.number().int().min(0).max(65535).default(0),
      })
      .strict()
      .default({ enabled: true, host: "127.0.0.1", port: 0 }),
    log: z
      .object({ level: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info") })
      .strict()
      .default({ level: "info" }),
    validator: validatorSchema.default(validatorSchema.parse({})),
    miner: minerSchema.default(minerSchema.parse({})),
  })
  .strict();

export type NodeConfig = z.output<typeof nodeConfigSchema>;
export type NodeConfigInput = z.input<typeof nodeConfigSchema>;
