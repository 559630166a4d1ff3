import { readFile } from "node:fs/promises";
import { z } from "zod";
import { describeYamlProblem, parseYamlStrict } from "../lib/yaml.js";
import { LocalnetError } from "./errors.js";

/** What a misbehaving miner does (see behaviours.ts); "honest" runs the subnet's handler unchanged. */
export const BEHAVIOURS = ["honest", "random", "copy", "replay", "slow", "flapping", "offline"] as const;
export type Behaviour = (typeof BEHAVIOURS)[number];

/** The subnet's bond model: the classic epoch, Yuma 3, or Yuma 3 with liquid alpha. */
export const BOND_MODELS = ["classic", "yuma3", "yuma3-liquid-alpha"] as const;
export type BondModel = (typeof BOND_MODELS)[number];

const tokens = z.union([z.number().nonnegative(), z.string().regex(/^\d+(\.\d{1,9})?$/, "a token amount such as 10 or 1.5")]);

/**
 * The one schema of a localnet run: `configs/localnet.yml` and the CLI flags both land here
 * (flags override the file). `.strict()` everywhere so a typo names the key.
 */
export const localnetConfigSchema = z
  .object({
    /** Which subnet the localnet runs: a name from the subnet registry. */
    subnet: z.enum(["ocr", "inference"]).default("ocr"),
    validators: z.number().int().min(1).max(16).default(2),
    miners: z.number().int().min(1).max(64).default(6),
    /** Stop after this many epochs of the subnet have been paid (ignored with watch). */
    epochs: z.number().int().min(1).max(1000).default(3),
    watch: z.boolean().default(false),
    /** Where wallets, node configs, stores and logs go; a fresh temp dir when null (removed at exit unless keepHome). */
    home: z.string().min(1).nullable().default(null),
    keepHome: z.boolean().default(false),
    /** Write the run's report here (JSON, amounts in base units as strings). */
    json: z.string().min(1).nullable().default(null),
    chain: z
      .object({
        /** JSON-RPC port on 127.0.0.1; 0 picks a free one. */
        port: z.number().int().min(0).max(65535).default(9944),
        /** Interval block mode: a block every blockMs. */
        blockMs: z.number().int().min(50).max(60_000).default(1000),
        /** Persist chain state here so a restarted localnet keeps its chain (null: in memory). */
        stateFile: z.string().min(1).nullable().default(null),
        /** embedded: chopsticks in this process; node: meshtensor-node processes (built once). */
        engine: z.enum(["embedded", "node"]).default("embedded"),
        /** node engine: 1 seals blocks every blockMs; 2-6 run Aura + GRANDPA with the runtime's 6 s slot. */
        authorities: z.number().int().min(1).max(6).default(1),
      })
      .strict()
      .prefault({}),
    /** Behaviours handed to miners in order; miners beyond the list are honest. */
    behaviours: z.array(z.enum(BEHAVIOURS)).max(64).default(["random", "copy", "slow", "offline"]),
    /** Extra delay of a slow miner; null: 60% of the subnet's query timeout, so it answers, late. */
    slowMs: z.number().int().min(0).max(600_000).nullable().default(null),
    /** A miner with behaviour "offline" stops serving this long after it starts. */
    offlineAfterS: z.number().min(1).max(86_400).default(45),
    /** A "flapping" miner serves every other period of this length, starting with one off (11 s: one dev tempo). */
    flapS: z.number().min(1).max(86_400).default(11),
    funding: z
      .object({
        /** Sent from //Alice to every coldkey the localnet creates. */
        coldkey: tokens.default(1_000),
        /** Sent to every hotkey (0: none). A registered hotkey's serve_axon and weights calls are fee-free. */
        hotkey: tokens.default(0),
        /** Each validator's coldkey stakes this to its own hotkey (gives permits and root membership). */
        validatorStake: tokens.default(100),
        /** The nominator stakes this to the first validator. */
        nominatorStake: tokens.default(50),
      })
      .strict()
      .prefault({}),
    deregistration: z
      .object({
        /** After immunity, register one more miner into the full subnet and show whom it replaced. */
        neuron: z.boolean().default(true),
        /** Fill the subnet limit with empty subnets, then register one more after network immunity. */
        subnet: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    /** Options handed to the subnet code of each role (`subnets[].options` of the node configs). */
    subnetOptions: z
      .object({
        validator: z.record(z.string(), z.unknown()).default({}),
        miner: z.record(z.string(), z.unknown()).default({}),
      })
      .strict()
      .prefault({}),
    /** Bond model of the subnet's epoch (spec/yuma3.md): classic, Yuma 3, or Yuma 3 with liquid alpha. */
    bondModel: z.enum(BOND_MODELS).default("classic"),
    /** Log level of the node processes (their logs go to files under home/logs). */
    nodeLogLevel: z.enum(["trace", "debug", "info", "warn", "error", "silent"]).default("info"),
    /** Live one-line view on stderr while running (off when stderr is not a TTY). */
    liveView: z.boolean().default(true),
  })
  .strict();

export type LocalnetConfig = z.infer<typeof localnetConfigSchema>;
export type LocalnetConfigInput = z.input<typeof localnetConfigSchema>;

/** Turns zod issues into one line naming the first bad key, e.g. `chain.blockMs: Too small: expected number to be >=50`. */
export function describeIssues(error: z.ZodError): { field: string; reason: string } {
  const issue = error.issues[0];
  if (!issue) return { field: "(root)", reason: "invalid" };
  if (issue.code === "unrecognized_keys") {
    const prefix = issue.path.length ? `${issue.path.join(".")}.` : "";
    return { field: `${prefix}${issue.keys.join(", ")}`, reason: "unknown key" };
  }
  return { field: issue.path.length ? issue.path.join(".") : "(root)", reason: issue.message };
}

/** Deep-merge plain objects (arrays and scalars replace); used for file <- flags. */
function merge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) {
    if (value === undefined) continue;
    const prev = out[key];
    const bothObjects =
      prev !== null &&
      typeof prev === "object" &&
      !Array.isArray(prev) &&
      value !== null &&
      typeof value === "object" &&
      !Array.isArray(value);
    out[key] = bothObjects ? merge(prev as Record<string, unknown>, value as Record<string, unknown>) : value;
  }
  return out;
}

/** Validate a raw object (file contents merged with flags) into a config, or throw INVALID_CONFIG naming the key. */
export function parseLocalnetConfig(raw: unknown, overrides: Record<string, unknown> = {}): LocalnetConfig {
  if (raw !== undefined && raw !== null && (typeof raw !== "object" || Array.isArray(raw))) {
    throw new LocalnetError(
      { code: "INVALID_CONFIG", field: "(root)", reason: "expected a mapping" },
      "localnet config: expected a mapping",
    );
  }
  const merged = merge((raw ?? {}) as Record<string, unknown>, overrides);
  const result = localnetConfigSchema.safeParse(merged);
  if (!result.success) {
    const { field, reason } = describeIssues(result.error);
    throw new LocalnetError({ code: "INVALID_CONFIG", field, reason }, `localnet config: ${field}: ${reason}`);
  }
  return result.data;
}

/** Read a YAML config file (null path: defaults only) and apply the CLI overrides. */
export async function loadLocalnetConfig(path: string | null, overrides: Record<string, unknown> = {}): Promise<LocalnetConfig> {
  if (path === null) return parseLocalnetConfig({}, overrides);
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") {
      throw new LocalnetError({ code: "CONFIG_NOT_FOUND", path }, `localnet config not found: ${path}`);
    }
    throw err;
  }
  // Like the node's config: a YAML warning (unknown tag or directive) is an error, never a log line.
  const parsed = parseYamlStrict(text);
  if (!parsed.ok) {
    const reason = describeYamlProblem(parsed.problem);
    throw new LocalnetError(
      { code: "INVALID_CONFIG", field: "(yaml)", reason },
      `localnet config ${path}: not valid YAML: ${reason}`,
    );
  }
  return parseLocalnetConfig(parsed.value, overrides);
}

/** "1.5" or 1.5 tokens -> base units (9 decimals), exactly (no float arithmetic on the fraction). */
export function tokensToBase(value: number | string): bigint {
  const text = typeof value === "number" ? value.toFixed(9) : value;
  const [whole, frac = ""] = text.split(".");
  return BigInt(whole ?? "0") * 1_000_000_000n + BigInt(frac.padEnd(9, "0").slice(0, 9));
}
