// A localnet miner process: the node's own miner (node/app), serving the subnet wrapped in this
// miner's behaviour. Started by the localnet as `node --import tsx localnet/miner-entry.ts ...`.
import "../lib/shims.js";
import { parseArgs } from "node:util";
import { createChainClient } from "../chain/client/index.js";
import { createLogger } from "../lib/logger.js";
import { createNodeApp, watchParent } from "../node/app/index.js";
import { loadConfig } from "../node/config/index.js";
import { loadSubnet } from "../subnets/index.js";
import { createFileAnswerBook } from "./answer-book.js";
import { withBehaviour } from "./behaviours.js";
import { BEHAVIOURS, type Behaviour } from "./options.js";

function fail(message: string): never {
  process.stderr.write(`miner-entry: ${message}\n`);
  process.exit(2);
}

function nonNegativeInt(flag: string, text: string | undefined): number {
  if (text === undefined || !/^\d+$/.test(text)) fail(`--${flag}: expected a whole number of ms, got "${text ?? ""}"`);
  return Number(text);
}

const { values } = parseArgs({
  options: {
    config: { type: "string" },
    behaviour: { type: "string", default: "honest" },
    "miner-id": { type: "string" },
    answers: { type: "string" },
    "slow-ms": { type: "string", default: "0" },
    "offline-after-ms": { type: "string", default: "0" },
    "flap-ms": { type: "string", default: "11000" },
  },
  strict: true,
});
if (!values.config) fail("--config: missing");
if (!values["miner-id"]) fail("--miner-id: missing");
const behaviour = values.behaviour as Behaviour;
if (!(BEHAVIOURS as readonly string[]).includes(behaviour))
  fail(`--behaviour: "${values.behaviour}" is not one of ${BEHAVIOURS.join(", ")}`);
const slowMs = nonNegativeInt("slow-ms", values["slow-ms"]);
const offlineAfterMs = nonNegativeInt("offline-after-ms", values["offline-after-ms"]);
const flapMs = nonNegativeInt("flap-ms", values["flap-ms"]);

// A node that cannot start (bad config, chain unreachable) says why in one line and exits 1.
process.on("uncaughtException", (err) => {
  process.stderr.write(`miner-entry: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
process.on("unhandledRejection", (err) => {
  process.stderr.write(`miner-entry: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

const config = await loadConfig(values.config);
const logger = createLogger({ level: config.log.level, base: { role: "miner", behaviour } });
const answers = values.answers ? createFileAnswerBook(values.answers) : undefined;

let app: ReturnType<typeof createNodeApp> | null = null;
let stopping: Promise<void> | null = null;
const stop = (code: number) => {
  stopping ??= (async () => {
    await app?.stop();
    process.exit(code);
  })();
  return stopping;
};

// Wrap every configured subnet; the app's registry gives the wrapped one precedence by name.
const subnets: Record<string, Awaited<ReturnType<typeof loadSubnet>>> = {};
for (const entry of config.subnets) {
  const base = await loadSubnet(entry.subnet);
  subnets[entry.subnet] = withBehaviour(base, {
    behaviour,
    minerId: values["miner-id"],
    ...(answers ? { answers } : {}),
    slowMs,
    flapMs,
    offlineAfterMs,
    onOffline: () => {
      logger.warn({ afterMs: offlineAfterMs }, "going offline on purpose");
      void stop(0);
    },
  });
}

app = createNodeApp(config, "miner", {
  logger,
  subnets,
  createChainClient: (endpoint, log) => createChainClient({ endpoint }, { logger: log }),
});
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));
watchParent(() => {
  logger.warn("the localnet that started this miner is gone: shutting down");
  void stop(0);
});
await app.start();
logger.info({ behaviour, statusUrl: app.statusUrl }, "localnet miner started");
if (behaviour === "offline") {
  // Offline means gone, not only refusing: stop the whole node at the set time even if no query came.
  setTimeout(() => {
    logger.warn({ afterMs: offlineAfterMs }, "going offline on purpose");
    void stop(0);
  }, offlineAfterMs).unref();
}
