import { existsSync } from "node:fs";
import type { Logger } from "../../lib/logger.js";
import { silentLogger } from "../../lib/logger.js";
import { type BlockSaves, CODE_KEY, guardBlockSaves } from "./block-saves.js";
import { DevChainError } from "./errors.js";
import { createNodeChain } from "./node-engine.js";
import { chainSpecPath, type DevChainOptions, parseDevChainOptions, type ResolvedDevChainOptions } from "./options.js";
import { isPortInUse } from "./port.js";
import { SocketTracker } from "./sockets.js";

export interface DevChain {
  readonly options: ResolvedDevChainOptions;
  /** ws://host:port once started. */
  readonly endpoint: string;
  readonly port: number;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Build `count` blocks now (any mode) and return the new best block number. */
  newBlock(count?: number): Promise<number>;
  /** Best block number. */
  bestBlock(): number;
  /** Last finalized block number (the embedded chain finalizes every block it builds). */
  finalizedBlock(): Promise<number>;
  /** Switch block production while running (e.g. instant for a CLI call, then back to manual). */
  setMode(mode: DevChainMode): Promise<void>;
  readonly mode: DevChainMode;
}

export type DevChainMode = "interval" | "instant" | "manual";

/** How long stop() waits for a block in the making and for block saves in flight. */
const STOP_WAIT_MS = 10_000;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

type Chopsticks = Awaited<ReturnType<typeof import("@acala-network/chopsticks").setupWithServer>>;

/**
 * A chain for local use, on the engine the options name: `embedded` (the default) is chopsticks
 * running the committed runtime wasm in this process, with no build and no network needed;
 * `node` runs meshtensor-node processes (see node-engine.ts).
 */
export function createDevChain(input: DevChainOptions = {}, deps: { logger?: Logger } = {}): DevChain {
  const options = parseDevChainOptions(input);
  if (options.engine === "node") return createNodeChain(options, deps);
  return createEmbeddedChain(options, deps);
}

function createEmbeddedChain(options: ResolvedDevChainOptions, deps: { logger?: Logger }): DevChain {
  const log = deps.logger ?? silentLogger();
  let server: Chopsticks | null = null;
  let port = 0;
  let timer: NodeJS.Timeout | null = null;
  let mode: DevChainMode = options.mode;
  const sockets = new SocketTracker();
  // Serialize block building: the interval timer and explicit newBlock() calls share one queue.
  let building: Promise<unknown> = Promise.resolve();
  let saves: BlockSaves | null = null;

  const build = (count: number): Promise<number> => {
    const run = building.then(async () => {
      const s = server;
      if (!s) throw new DevChainError({ code: "NOT_STARTED" }, "the dev chain is not running");
      for (let i = 0; i < count; i++) await s.chain.newBlock();
      return s.chain.head.number;
    });
    building = run.catch(() => undefined);
    return run;
  };

  let intervalBuilding = false;
  const scheduleInterval = () => {
    timer = setInterval(() => {
      // When a block takes longer than the interval (a loaded machine), skip the tick rather than
      // queue it: a growing backlog would make the chain run ahead later and stop() wait for it.
      if (intervalBuilding) return;
      intervalBuilding = true;
      build(1)
        .catch((err: unknown) => log.warn({ err }, "interval block failed"))
        .finally(() => {
          intervalBuilding = false;
        });
    }, options.blockTimeMs);
    timer.unref();
  };

  return {
    options,
    get endpoint() {
      if (!server) throw new DevChainError({ code: "NOT_STARTED" }, "the dev chain is not running");
      return `ws://${options.host}:${port}`;
    },
    get port() {
      return port;
    },

    async start() {
      if (server) return;
      const spec = chainSpecPath(options.chainSpec);
      if (!existsSync(spec)) {
        throw new DevChainError(
          { code: "CHAIN_SPEC_MISSING", path: spec },
          `chain spec not found: ${spec} (build the runtime artifacts into chain/artifacts/ first)`,
        );
      }
      if (await isPortInUse(options.host, options.port)) {
        throw new DevChainError(
          { code: "PORT_IN_USE", host: options.host, port: options.port },
          `port ${options.port} on ${options.host} is already in use (is another dev chain running? pick another with --port)`,
        );
      }
      // chopsticks reads LOG_LEVEL when its logger module first loads, so set it before importing.
      process.env.LOG_LEVEL ??= options.logLevel;
      const { setupWithServer, BuildBlockMode } = await import("@acala-network/chopsticks");
      const resume = options.dbPath !== undefined && existsSync(options.dbPath);
      try {
        server = await sockets.capture(() =>
          setupWithServer({
            genesis: spec,
            host: options.host,
            port: options.port,
            "build-block-mode": options.mode === "instant" ? BuildBlockMode.Instant : BuildBlockMode.Manual,
            ...(options.dbPath ? { db: options.dbPath, "save-blocks": true } : {}),
            // A fresh chain has no Timestamp.Now: chopsticks then reads Date.now() twice for the
            // first block (Aura digest slot, timestamp inherent) and the runtime panics when a slot
            // boundary falls between the two. Pinning the start time makes both agree.
            ...(resume ? { resume: true } : { timestamp: Date.now() }),
          } as Parameters<typeof setupWithServer>[0]),
        );
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        throw new DevChainError({ code: "START_FAILED", reason }, `dev chain failed to start: ${reason}`, { cause: err });
      }
      if (options.dbPath !== undefined && server.chain.db) {
        const code = await server.chain.head.get(CODE_KEY);
        if (typeof code === "string") saves = guardBlockSaves(server.chain.db as never, code);
      }
      port = Number(server.addr.split(":").pop());
      if (options.port !== 0 && port !== options.port) {
        // Lost a race for the port: chopsticks moved on to another one; refuse rather than surprise.
        await server.close();
        server = null;
        throw new DevChainError(
          { code: "PORT_IN_USE", host: options.host, port: options.port },
          `port ${options.port} on ${options.host} is already in use`,
        );
      }
      // frame-system's genesis stores a placeholder (0x4545..) as BlockHash(0) until block 1's
      // initialization writes the real genesis hash, and CheckGenesis signs over BlockHash(0): a
      // transaction validated against the bare genesis state fails as BadProof. Build block 1 first.
      if (server.chain.head.number === 0) await build(1);
      if (mode === "interval") scheduleInterval();
      log.info(
        { endpoint: `ws://${options.host}:${port}`, mode: options.mode, head: server.chain.head.number },
        "dev chain started",
      );
    },

    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      const s = server;
      if (!s) return;
      await building;
      // A block the pool (instant mode) is still building, then every save of a block already
      // announced: a client that saw its transaction included must find it after a restart.
      // Bounded, so a stuck build cannot hold the stop.
      await Promise.race([s.chain.txPool.upcomingBlocks().catch(() => 0), delay(STOP_WAIT_MS)]);
      await Promise.race([saves?.settled(), delay(STOP_WAIT_MS)]);
      saves = null;
      server = null;
      sockets.destroyAll();
      await s.close();
      log.info("dev chain stopped");
    },

    newBlock(count = 1) {
      return build(count);
    },

    get mode() {
      return mode;
    },

    async setMode(next: DevChainMode) {
      const s = server;
      if (!s) throw new DevChainError({ code: "NOT_STARTED" }, "the dev chain is not running");
      const { BuildBlockMode } = await import("@acala-network/chopsticks");
      if (timer) clearInterval(timer);
      timer = null;
      s.chain.txPool.mode = next === "instant" ? BuildBlockMode.Instant : BuildBlockMode.Manual;
      mode = next;
      if (next === "interval") scheduleInterval();
    },

    bestBlock() {
      if (!server) throw new DevChainError({ code: "NOT_STARTED" }, "the dev chain is not running");
      return server.chain.head.number;
    },

    async finalizedBlock() {
      if (!server) throw new DevChainError({ code: "NOT_STARTED" }, "the dev chain is not running");
      return server.chain.head.number;
    },
  };
}
