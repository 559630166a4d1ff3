import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ChainClient, createChainClient } from "../chain/client/index.js";
import { createDevChain, type DevChain } from "../chain/devchain/index.js";
import { signerFromUri } from "../chain/wallet/index.js";
import type { Logger } from "../lib/logger.js";
import {
  type DeregDeps,
  fillSubnetLimit,
  registerDecoySubnet,
  replaceNeuron,
  replaceSubnet,
  type SubnetFill,
} from "./deregistration.js";
import { createEpochWatcher, type EpochWatcher } from "./epoch-watch.js";
import { LocalnetError } from "./errors.js";
import type { NodeLauncher } from "./launcher.js";
import { createLiveLine, formatLiveLine, type LiveLine } from "./live-view.js";
import type { LocalnetConfig } from "./options.js";
import { createSupervisor, type ManagedProcess, type Supervisor } from "./processes.js";
import { type NeuronPlan, type Provisioned, provisionNetwork, type WalletStore } from "./provision.js";
import {
  type EpochReport,
  formatMetagraphTable,
  formatSplitLine,
  formatTokens,
  type Roster,
  type RunReport,
  reportToJson,
} from "./report.js";

export interface Localnet {
  /** Chain up, network provisioned, nodes started. */
  start(): Promise<void>;
  /** Resolves with the report when the configured epochs (and deregistration demos) are done, or on stop(). */
  run(): Promise<RunReport>;
  /** Stop everything in reverse order of start; safe to call twice and after a failed start. */
  stop(): Promise<void>;
  readonly home: string | null;
  readonly endpoint: string | null;
  /** Node processes, in start order (for tests and the live view). */
  processes(): ManagedProcess[];
  /** Process groups still alive (empty after stop()). */
  leftovers(): number[];
  /** Name, role and behaviour of every hotkey the localnet created (empty before start). */
  roster(): Roster;
  /** The node process serving `hotkey`, null when none was started for it. */
  nodeFor(hotkey: string): ManagedProcess | null;
}

export interface LocalnetDeps {
  logger: Logger;
  launcher: NodeLauncher;
  out?: NodeJS.WritableStream & { isTTY?: boolean };
  status?: NodeJS.WritableStream & { isTTY?: boolean };
  /** When the user's command started (for the time-to-first-paid-epoch figure). */
  startedAt?: number;
  /** Give up waiting for epochs after this long (ms). */
  timeoutMs?: number;
  /** Reads validators' query counters for the live view; null when unknown. */
  readQps?: (procs: ManagedProcess[]) => Promise<number | null>;
}

/**
 * `npm run localnet`: the embedded dev chain, a provisioned subnet, every node as its own
 * process, a live line and a metagraph table per epoch, then both deregistrations.
 * Built in order chain -> client -> provisioning -> nodes, stopped in reverse.
 */
export function createLocalnet(config: LocalnetConfig, deps: LocalnetDeps): Localnet {
  const log = deps.logger;
  const startedAt = deps.startedAt ?? Date.now();
  const timeoutMs = deps.timeoutMs ?? 15 * 60_000;
  const line: LiveLine = createLiveLine(deps.out ?? process.stdout, deps.status ?? process.stderr, config.liveView);
  const cleanups: Array<{ name: string; fn: () => Promise<void> }> = [];
  let home: string | null = null;
  let chain: DevChain | null = null;
  let client: ChainClient | null = null;
  let supervisor: Supervisor | null = null;
  let net: Provisioned | null = null;
  let watcher: EpochWatcher | null = null;
  let subnetFill: Promise<SubnetFill> | null = null;
  let wallets: WalletStore | null = null;
  const procByHotkey = new Map<string, ManagedProcess>();
  const report: RunReport = {
    subnet: config.subnet,
    chain: null,
    netuid: -1,
    bondModel: config.bondModel,
    firstEpochPaidMs: null,
    epochs: [],
    deregistrations: [],
  };
  /** Records the chain's engine and its best and finalized blocks in the report. */
  const recordChain = async () => {
    if (!chain) return;
    try {
      report.chain = {
        engine: config.chain.engine,
        authorities: config.chain.authorities,
        bestBlock: chain.bestBlock(),
        finalizedBlock: await chain.finalizedBlock(),
      };
    } catch {
      // the chain is already stopped: keep what was recorded last
    }
  };
  let signalStopped: () => void = () => undefined;
  const stopped = { promise: new Promise<void>((resolve) => (signalStopped = resolve)) };
  let stopping = false;
  let stopDone: Promise<void> | null = null;
  let paidEpochs = 0;
  const epochWaiters: Array<() => void> = [];

  const print = (text: string) => line.print(text);

  async function launch(plan: NeuronPlan, index: number): Promise<ManagedProcess> {
    if (!home || !chain || !net) throw new Error("localnet not started");
    const spec = await deps.launcher.spec(plan, {
      home,
      endpoint: chain.endpoint,
      netuid: net.netuid,
      subnet: config.subnet,
      index,
      config,
    });
    const proc = supervisor!.spawn(spec);
    procByHotkey.set(plan.hotkey.address, proc);
    return proc;
  }

  function onEpoch(epoch: EpochReport) {
    report.epochs.push(epoch);
    const paid = epoch.minersTotal > 0n;
    if (paid) paidEpochs++;
    if (paid && report.firstEpochPaidMs === null) report.firstEpochPaidMs = Date.now() - startedAt;
    print(`\n${formatMetagraphTable(epoch)}\n${formatSplitLine(epoch)}${paid ? "" : "  (miners not paid yet: no weights)"}`);
    for (const w of epochWaiters.splice(0)) w();
  }

  const waitBlocks = async (blocks: number) => {
    const target = (await client!.getBlockNumber()) + blocks;
    while (!stopping && (await client!.getBlockNumber()) < target) {
      await new Promise((r) => setTimeout(r, Math.max(50, Math.floor(config.chain.blockMs / 2))));
    }
    if (stopping) throw new LocalnetError({ code: "PROVISION_FAILED", step: "wait", reason: "stopping" }, "localnet is stopping");
  };

  async function neuronDemo(deregDeps: DeregDeps, deadline: number) {
    const { report: dereg, plan, replacedHotkey } = await replaceNeuron(deregDeps, net!.netuid, "miner-late", deadline);
    const replaced = net!.roster.get(replacedHotkey);
    net!.roster.set(plan.hotkey.address, { name: plan.name, role: "miner", behaviour: "honest" });
    report.deregistrations.push({
      ...dereg,
      replaced: replaced ? `${replaced.name} (${replacedHotkey})` : dereg.replaced,
      by: `${plan.name} (${dereg.by})`,
    });
    print(
      `deregistration: block ${dereg.block}: ${plan.name} took uid ${dereg.uid} from ${replaced?.name ?? replacedHotkey} (lowest pruning score after immunity)`,
    );
    // The replaced neuron is off the subnet: stop its node, start the newcomer's.
    await procByHotkey.get(replacedHotkey)?.stop();
    await launch(plan, config.validators + config.miners);
    // Show the subnet once more with the newcomer in place before the run may end.
    await new Promise<void>((resolve) => epochWaiters.push(resolve));
  }

  async function subnetDemo(deregDeps: DeregDeps, deadline: number) {
    const dereg = await replaceSubnet(deregDeps, await subnetFill!, deadline);
    report.deregistrations.push(dereg);
    print(
      `deregistration: block ${dereg.block}: a new subnet (${dereg.by}) replaced the lowest-emission subnet past network immunity (${dereg.replaced}); its owner got the lock back: ${formatTokens(dereg.lockRefunded ?? 0n, 4)} tokens`,
    );
  }

  return {
    get home() {
      return home;
    },
    get endpoint() {
      try {
        return chain?.endpoint ?? null;
      } catch {
        return null; // stopped
      }
    },
    processes: () => supervisor?.list() ?? [],
    leftovers: () => supervisor?.leftovers() ?? [],
    roster: () => net?.roster ?? new Map(),
    nodeFor: (hotkey) => procByHotkey.get(hotkey) ?? null,

    async start() {
      home = config.home ?? (await mkdtemp(join(tmpdir(), "meshtensor-localnet-")));
      const ownHome = config.home === null;
      if (ownHome && !config.keepHome) cleanups.push({ name: "home", fn: () => rm(home!, { recursive: true, force: true }) });
      await mkdir(join(home, "logs"), { recursive: true });

      chain = createDevChain(
        {
          chainSpec: "dev",
          port: config.chain.port,
          mode: "interval",
          blockTimeMs: config.chain.blockMs,
          dbPath: config.chain.stateFile ?? undefined,
          engine: config.chain.engine,
          authorities: config.chain.authorities,
        },
        { logger: log.child({ module: "devchain" }) },
      );
      // chopsticks draws a "Fetching" spinner on a TTY stdout, over our live line and tables; it
      // reads TEST once when its logger module loads (inside start), so set it only around that.
      const previousTest = process.env.TEST;
      process.env.TEST = "1";
      try {
        await chain.start();
      } finally {
        if (previousTest === undefined) delete process.env.TEST;
        else process.env.TEST = previousTest;
      }
      cleanups.push({ name: "devchain", fn: () => chain!.stop() });
      const pace =
        config.chain.engine === "node" && config.chain.authorities > 1
          ? `${config.chain.authorities} Aura + GRANDPA authorities, a block every 6 s`
          : `a block every ${config.chain.blockMs} ms`;
      print(`dev chain (${config.chain.engine}) on ${chain.endpoint} (${pace}); home ${home}`);

      client = createChainClient({ endpoint: chain.endpoint }, { logger: log.child({ module: "chain-client" }) });
      await client.connect();
      cleanups.push({ name: "chain client", fn: () => client!.close() });

      // Throwaway dev wallets: the password only has to exist; MESHTENSOR_PASSWORD lets a kept home be reused.
      wallets = { root: join(home, "wallets"), password: process.env.MESHTENSOR_PASSWORD ?? randomBytes(16).toString("hex") };
      const faucet = await signerFromUri("//Alice");
      const decoy = config.deregistration.subnet ? await registerDecoySubnet({ client, faucet }) : null;
      net = await provisionNetwork(config, { client, wallets, faucet, logger: log.child({ module: "provision" }) });
      report.netuid = net.netuid;
      print(
        `subnet ${net.netuid} (${config.subnet}) owned by //Bob: ${config.validators} validators, ${config.miners} miners (${net.neurons
          .filter((n) => n.role === "miner")
          .map((n) => `${n.name}:${n.behaviour}`)
          .join(", ")}), a nominator, root weights set, bond model ${config.bondModel}`,
      );

      supervisor = createSupervisor({}, { logger: log.child({ module: "processes" }) });
      cleanups.push({ name: "nodes", fn: () => supervisor!.stop() });
      supervisor.onUnexpectedExit((proc, info) => {
        if (stopping) return;
        const plan = net?.neurons.find((n) => procByHotkey.get(n.hotkey.address) === proc);
        const why =
          plan?.behaviour === "offline" ? "went offline on purpose" : `exited (code ${info.code}, signal ${info.signal})`;
        print(`${proc.name} ${why}; log: ${join(home!, "logs", `${proc.name}.log`)}`);
      });
      // Miners first so validators find them at their first metagraph sync.
      const ordered = [...net.neurons.filter((n) => n.role === "miner"), ...net.neurons.filter((n) => n.role === "validator")];
      for (const [i, plan] of ordered.entries()) await launch(plan, i);
      print(`${ordered.length} node processes started (logs in ${join(home, "logs")})`);
      if (!net.neurons.some((n) => n.role === "miner" && n.behaviour === "honest")) {
        print(
          "warning: no honest miner (behaviours cover every miner): validators will have no weights to set, so miners are never paid",
        );
      }

      if (decoy) {
        // Fill the subnet limit while the nodes boot: the fillers' network immunity starts now.
        subnetFill = fillSubnetLimit(
          { client, wallets, faucet, logger: log.child({ module: "dereg" }), waitBlocks },
          decoy ? [decoy] : [],
        );
        subnetFill.then(
          (fill) =>
            print(
              `subnet limit filled with ${fill.fillers.length} empty subnets (netuids ${fill.fillers.map((f) => f.netuid).join(", ")})`,
            ),
          () => undefined, // reported by the subnet demo
        );
      }

      watcher = createEpochWatcher(
        { netuid: net.netuid, owner: net.owner.address },
        { client, roster: net.roster, logger: log, onEpoch },
      );
      let qps: number | null = null;
      let qpsAt = 0;
      const unsubscribe = await client.subscribeBlocks((block) => {
        void watcher!.onBlock(block).then(async () => {
          const view = watcher!.latest();
          if (!view || stopping) return;
          if (deps.readQps && Date.now() - qpsAt > 2_000) {
            qpsAt = Date.now();
            qps = await deps.readQps(supervisor!.list()).catch(() => null);
          }
          const procs = supervisor!.list();
          line.update(
            formatLiveLine(view, net!.roster, { qps, running: procs.filter((p) => p.isRunning()).length, total: procs.length }),
          );
        });
      });
      cleanups.push({ name: "block subscription", fn: async () => unsubscribe() });
    },

    async run() {
      if (!client || !net) throw new Error("localnet not started");
      const deadline = Date.now() + timeoutMs;
      const faucet = await signerFromUri("//Alice");
      const deregDeps: DeregDeps = {
        client,
        wallets: wallets!,
        faucet,
        logger: log.child({ module: "dereg" }),
        waitBlocks,
      };
      const demos: Array<Promise<void>> = [];
      const demoFailed = (what: string) => (err: unknown) => {
        if (stopping) return;
        print(`${what} deregistration not shown: ${err instanceof Error ? err.message : String(err)}`);
      };
      const untilPaid = (n: number) =>
        new Promise<void>((resolve, reject) => {
          const check = () => {
            if (paidEpochs >= n || stopping) return resolve();
            if (Date.now() > deadline) {
              return reject(
                new LocalnetError(
                  { code: "EPOCH_TIMEOUT", netuid: net!.netuid, waitedMs: timeoutMs },
                  `no paid epoch ${n} within ${timeoutMs} ms`,
                ),
              );
            }
            epochWaiters.push(check);
            setTimeout(check, 5_000).unref();
          };
          check();
        });

      await Promise.race([untilPaid(1), stopped.promise]);
      if (config.deregistration.neuron) demos.push(neuronDemo(deregDeps, deadline).catch(demoFailed("neuron")));
      if (config.deregistration.subnet && subnetFill) demos.push(subnetDemo(deregDeps, deadline).catch(demoFailed("subnet")));
      if (config.watch) {
        await stopped.promise;
      } else {
        await Promise.race([Promise.all([untilPaid(config.epochs), ...demos]), stopped.promise]);
      }
      await recordChain();
      return report;
    },

    stop() {
      // One stop for everyone: a Ctrl-C handler and the CLI's finally both wait for the same run.
      stopDone ??= (async () => {
        stopping = true;
        signalStopped();
        await recordChain();
        line.close();
        for (const { name, fn } of cleanups.reverse()) {
          try {
            await fn();
          } catch (err) {
            log.warn({ part: name, err: err instanceof Error ? err.message : String(err) }, "stop failed");
          }
        }
        cleanups.length = 0;
        if (config.json) await writeReport(config.json, report);
      })();
      return stopDone;
    },
  };
}

/** Write the JSON report atomically (temp file + rename): a reader never sees half a report. */
export async function writeReport(path: string, report: RunReport): Promise<void> {
  const tmp = `${path}.${randomBytes(4).toString("hex")}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(reportToJson(report), null, 2)}\n`);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
