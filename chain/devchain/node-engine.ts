import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Logger } from "../../lib/logger.js";
import { silentLogger } from "../../lib/logger.js";
import type { DevChain, DevChainMode } from "./devchain.js";
import { DevChainError } from "./errors.js";
import { resolveNodeBinary } from "./node-binary.js";
import { freePort, NodeProcess } from "./node-process.js";
import { chainSpecPath, type ResolvedDevChainOptions } from "./options.js";
import { isPortInUse } from "./port.js";
import { finalizedNumber, headerNumber, RpcCallError, rpcCall } from "./rpc-http.js";

/** Dev key names of the authorities, in the order `meshtensor-node local-spec` writes them. */
const AUTHORITY_NAMES = ["alice", "bob", "charlie", "dave", "eve", "ferdie"] as const;

/** A node of the network the engine runs, for tests that stop and restart one. */
export interface ChainNode {
  readonly name: string;
  readonly rpcPort: number;
  readonly p2pPort: number;
  readonly prometheusPort: number;
  /** The address it listens on (127.0.0.1 unless placed elsewhere). */
  readonly address: string;
  /** ws:// endpoint of this node's RPC. */
  readonly endpoint: string;
  readonly process: NodeProcess;
  /** Start it again with the same database, keys and ports (after a stop or a kill). */
  restart(): Promise<void>;
}

/**
 * Where one node of the network runs: through a command prefix (e.g. `ip netns exec ns1`) and on
 * an address of that host. Without placements every node runs here on 127.0.0.1.
 */
export interface NodePlacement {
  wrapper: string[];
  /** The IPv4 address the node listens on (P2P) and answers RPC on. */
  address: string;
}

export interface NodeChainDeps {
  logger?: Logger;
  /** One per authority, in order (tests across network namespaces). */
  placements?: readonly NodePlacement[];
}

export interface NodeChain extends DevChain {
  readonly nodes: readonly ChainNode[];
  /** Directory holding the spec, the databases and the logs. */
  readonly workDir: string;
}

async function waitFor<T>(
  what: string,
  probe: () => Promise<T | null>,
  timeoutMs: number,
  failFast?: () => string | null,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = "";
  while (Date.now() < deadline) {
    const reason = failFast?.();
    if (reason) throw new DevChainError({ code: "START_FAILED", reason }, `${what}: ${reason}`);
    try {
      const value = await probe();
      if (value !== null) return value;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new DevChainError(
    { code: "START_FAILED", reason: `timed out (${last})` },
    `${what}: timed out after ${timeoutMs} ms${last ? ` (${last})` : ""}`,
  );
}

/**
 * The chain on meshtensor-node processes. One authority: a single node sealing its own blocks
 * (interval, instant or manual, switchable while it runs). Two to six: an Aura + GRANDPA network
 * on 127.0.0.1 whose block time is the slot duration.
 */
export function createNodeChain(options: ResolvedDevChainOptions, deps: NodeChainDeps = {}): NodeChain {
  const log = deps.logger ?? silentLogger();
  const sealing = options.authorities === 1;
  if (!sealing && options.mode !== "interval") {
    throw new DevChainError(
      { code: "UNSUPPORTED", reason: `mode ${options.mode} with ${options.authorities} authorities` },
      `devchain option mode: an Aura network of ${options.authorities} authorities makes a block every slot; only "interval" applies`,
    );
  }
  let workDir = "";
  let ownWorkDir = false;
  let nodes: ChainNode[] = [];
  let mode: DevChainMode = options.mode;
  let best = 0;
  let poller: NodeJS.Timeout | null = null;
  let started = false;

  if (deps.placements && deps.placements.length < options.authorities) {
    throw new DevChainError(
      {
        code: "INVALID_OPTIONS",
        field: "placements",
        reason: `${deps.placements.length} for ${options.authorities} authorities`,
      },
      `devchain placements: ${deps.placements.length} given for ${options.authorities} authorities (one each)`,
    );
  }
  const http = (node: ChainNode) => `http://${node.address}:${node.rpcPort}`;
  const first = (): ChainNode => {
    const node = nodes[0];
    if (!node || !started) throw new DevChainError({ code: "NOT_STARTED" }, "the chain is not running");
    return node;
  };

  const exitReason = (node: ChainNode) => {
    const exit = node.process.exited;
    if (!exit) return null;
    return `${node.name} exited (code ${exit.code}, signal ${exit.signal}); last log lines:\n${node.process.logTail()}`;
  };

  async function launchNode(
    name: string,
    args: string[],
    ports: { rpc: number; p2p: number; prometheus: number },
    placement?: NodePlacement,
  ): Promise<ChainNode> {
    const binary = resolveNodeBinary(options.nodeBinary);
    const address = placement?.address ?? "127.0.0.1";
    const loopback = address === "127.0.0.1";
    const common = [
      "--rpc-port",
      String(ports.rpc),
      // The P2P listen address names the port (the node refuses --port beside it).
      "--listen-addr",
      `/ip4/${address}/tcp/${ports.p2p}`,
      "--prometheus-port",
      String(ports.prometheus),
      "--no-mdns",
      "--no-telemetry",
      "--rpc-cors",
      "all",
      "--rpc-max-connections",
      "1000",
      "--name",
      name,
      // Off loopback the RPC listens on all of the host's addresses: placed nodes run in a
      // network namespace whose only addresses are its own.
      ...((options.host === "127.0.0.1" || options.host === "localhost") && loopback
        ? []
        : // An authority refuses plain --rpc-external (it would expose its unsafe RPC methods):
          // these are test networks on namespace addresses, so take the explicit opt-in.
          [args.includes("--validator") ? "--unsafe-rpc-external" : "--rpc-external"]),
    ];
    const proc = new NodeProcess({
      name,
      command: binary,
      args: [...args, ...common],
      logFile: join(workDir, `${name}.log`),
      ...(placement ? { wrapper: placement.wrapper } : {}),
    });
    const node: ChainNode = {
      name,
      rpcPort: ports.rpc,
      p2pPort: ports.p2p,
      prometheusPort: ports.prometheus,
      address,
      endpoint: `ws://${loopback ? options.host : address}:${ports.rpc}`,
      process: proc,
      async restart() {
        await proc.stop();
        proc.start();
        await waitFor(
          `${name} restart`,
          () => rpcCall(http(node), "system_health").then(() => true),
          120_000,
          () => exitReason(node),
        );
      },
    };
    proc.start();
    log.info({ name, pid: proc.pid, rpcPort: ports.rpc }, "chain node started");
    // Cold start compiles the runtime wasm (a few seconds on a loaded 2-core machine).
    await waitFor(
      `${name} RPC`,
      () => rpcCall(http(node), "system_health").then(() => true),
      120_000,
      () => exitReason(node),
    );
    return node;
  }

  async function allocatePorts(forFirst: boolean) {
    const rpc = forFirst && options.port !== 0 ? options.port : await freePort();
    return { rpc, p2p: await freePort(), prometheus: await freePort() };
  }

  const refresh = async () => {
    const node = nodes[0];
    if (!node || !started) return;
    best = await headerNumber(http(node)).catch(() => best);
  };

  return {
    options,
    get nodes() {
      return nodes;
    },
    get workDir() {
      return workDir;
    },
    get endpoint() {
      return first().endpoint;
    },
    get port() {
      return nodes[0]?.rpcPort ?? 0;
    },
    get mode() {
      return mode;
    },

    async start() {
      if (started) return;
      const spec = chainSpecPath(options.chainSpec);
      if (options.port !== 0 && (await isPortInUse(options.host, options.port))) {
        throw new DevChainError(
          { code: "PORT_IN_USE", host: options.host, port: options.port },
          `port ${options.port} on ${options.host} is already in use (is another chain running? pick another with --port)`,
        );
      }
      resolveNodeBinary(options.nodeBinary);
      ownWorkDir = options.dbPath === undefined;
      workDir = options.dbPath ?? mkdtempSync(join(tmpdir(), "meshtensor-node-"));
      mkdirSync(workDir, { recursive: true });
      started = true;
      try {
        if (sealing) {
          const ports = await allocatePorts(true);
          const node = await launchNode(
            "meshtensor-dev",
            [
              "--dev",
              "--chain",
              spec,
              "--base-path",
              join(workDir, "dev"),
              "--sealing",
              options.mode,
              "--block-time-ms",
              String(options.blockTimeMs),
            ],
            ports,
          );
          nodes = [node];
          // frame-system keeps a placeholder BlockHash(0) until block 1 is built, and CheckGenesis
          // signs over it: build block 1 before anyone signs (as the embedded chain does).
          if ((await headerNumber(http(node))) === 0) await rpcCall(http(node), "engine_createBlock", [true, true, null]);
        } else {
          const localSpec = join(workDir, "spec.json");
          const { execFileSync } = await import("node:child_process");
          execFileSync(resolveNodeBinary(options.nodeBinary), [
            "local-spec",
            "--base",
            spec,
            "--authorities",
            String(options.authorities),
            "--id",
            "meshtensor_local",
            "--out",
            localSpec,
          ]);
          const launch = async (index: number, bootnodes: string[]) => {
            const name = AUTHORITY_NAMES[index] ?? `authority-${index}`;
            const ports = await allocatePorts(index === 0);
            return launchNode(
              name,
              [
                "--chain",
                localSpec,
                "--base-path",
                join(workDir, name),
                `--${name}`,
                "--validator",
                // An authority needs a network key; this writes one into its base path once.
                "--unsafe-force-node-key-generation",
                ...(bootnodes.length ? ["--bootnodes", ...bootnodes] : []),
              ],
              ports,
              deps.placements?.[index],
            );
          };
          const boot = await launch(0, []);
          nodes = [boot];
          const peerId = await rpcCall<string>(http(boot), "system_localPeerId");
          const bootnode = `/ip4/${boot.address}/tcp/${boot.p2pPort}/p2p/${peerId}`;
          const rest = await Promise.all(Array.from({ length: options.authorities - 1 }, (_, i) => launch(i + 1, [bootnode])));
          nodes = [boot, ...rest];
          await waitFor(
            "first Aura block",
            async () => ((await headerNumber(http(boot))) >= 1 ? true : null),
            options.blockTimeMs * 20 + 30_000,
          );
        }
      } catch (err) {
        await this.stop();
        throw err;
      }
      await refresh();
      poller = setInterval(() => void refresh(), 250);
      poller.unref();
      log.info({ endpoint: this.endpoint, authorities: options.authorities, mode, workDir }, "node chain started");
    },

    async stop() {
      if (poller) clearInterval(poller);
      poller = null;
      const running = nodes;
      nodes = [];
      started = false;
      await Promise.all(running.map((node) => node.process.stop()));
      if (ownWorkDir && workDir) rmSync(workDir, { recursive: true, force: true });
      if (running.length) log.info("node chain stopped");
    },

    async newBlock(count = 1) {
      const node = first();
      if (sealing) {
        for (let i = 0; i < count; i++) {
          await rpcCall(http(node), "engine_createBlock", [true, true, null], 120_000).catch((err: unknown) => {
            const reason = exitReason(node) ?? (err instanceof RpcCallError ? err.message : String(err));
            throw new DevChainError({ code: "NOT_STARTED" }, `newBlock: ${reason}`);
          });
        }
        best = await headerNumber(http(node));
        return best;
      }
      // An Aura network makes a block per slot; wait for `count` more.
      const target = (await headerNumber(http(node))) + count;
      best = await waitFor(
        "newBlock",
        async () => {
          const n = await headerNumber(http(node));
          return n >= target ? n : null;
        },
        options.blockTimeMs * (count + 5) + 10_000,
      );
      return best;
    },

    bestBlock() {
      first();
      return best;
    },

    async finalizedBlock() {
      return finalizedNumber(http(first()));
    },

    async setMode(next: DevChainMode) {
      const node = first();
      if (!sealing) {
        if (next === "interval") return;
        throw new DevChainError(
          { code: "UNSUPPORTED", reason: `mode ${next} with ${options.authorities} authorities` },
          `an Aura network of ${options.authorities} authorities makes a block every slot; only "interval" applies`,
        );
      }
      await rpcCall(http(node), "meshtensor_setSealing", [next, options.blockTimeMs]);
      mode = next;
    },
  };
}
