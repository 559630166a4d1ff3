import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, mkdirSync, openSync } from "node:fs";
import { dirname } from "node:path";
import type { Logger } from "../lib/logger.js";
import { STOP_WITH_PARENT_ENV } from "../node/app/parent-watch.js";

/** One OS process the localnet runs: a node, with its output in its own log file. */
export interface ProcessSpec {
  name: string;
  command: string;
  args: string[];
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** stdout and stderr are appended here (the child writes the file itself, so a slow parent never blocks it). */
  logFile: string;
}

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ManagedProcess {
  readonly name: string;
  readonly pid: number;
  readonly exited: Promise<ExitInfo>;
  isRunning(): boolean;
  /** SIGTERM to the whole process group, SIGKILL after `graceMs`; resolves when it is gone. */
  stop(graceMs?: number): Promise<ExitInfo>;
}

export interface Supervisor {
  spawn(spec: ProcessSpec): ManagedProcess;
  /** Every process spawned, oldest first. */
  list(): ManagedProcess[];
  /** Called when a process exits without being asked to (a crash, or a miner going offline). */
  onUnexpectedExit(listener: (proc: ManagedProcess, info: ExitInfo) => void): void;
  /** Stop all: SIGTERM newest first (LIFO), then wait until every process group is gone. */
  stop(): Promise<void>;
  /** Process groups of spawned children that still exist (empty after a clean stop). */
  leftovers(): number[];
}

export interface SupervisorOptions {
  graceMs?: number;
}

/** True while any process of group `pgid` exists. */
export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function waitGroupGone(pgid: number, maxMs: number): Promise<void> {
  const deadline = Date.now() + maxMs;
  while (groupAlive(pgid) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 20));
  }
}

function killGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Runs each node as its own process group (detached), so one signal reaches the node and anything
 * it started, and a Ctrl-C on the terminal reaches only the orchestrator, which then stops the
 * nodes in order. A synchronous exit hook SIGKILLs whatever is left if the orchestrator dies first.
 */
export function createSupervisor(options: SupervisorOptions, deps: { logger: Logger }): Supervisor {
  const graceMs = options.graceMs ?? 8_000;
  const log = deps.logger;
  const procs: ManagedProcess[] = [];
  const pgids = new Set<number>();
  const listeners: Array<(proc: ManagedProcess, info: ExitInfo) => void> = [];
  const stopping = new Set<ManagedProcess>();

  const killAllNow = () => {
    for (const pgid of pgids) killGroup(pgid, "SIGKILL");
  };
  process.on("exit", killAllNow);

  function spawnOne(spec: ProcessSpec): ManagedProcess {
    mkdirSync(dirname(spec.logFile), { recursive: true });
    const fd = openSync(spec.logFile, "a");
    let child: ChildProcess;
    try {
      child = spawn(spec.command, spec.args, {
        cwd: spec.cwd,
        // The node stops by itself if this supervisor dies without running its exit hook (SIGKILL).
        env: { ...(spec.env ?? process.env), [STOP_WITH_PARENT_ENV]: String(process.pid) },
        detached: true,
        stdio: ["ignore", fd, fd],
      });
    } finally {
      closeSync(fd);
    }
    const pid = child.pid;
    if (pid === undefined) {
      throw new Error(`could not start ${spec.name}: ${spec.command} did not spawn`);
    }
    pgids.add(pid);
    let running = true;
    const exited = new Promise<ExitInfo>((resolve) => {
      child.once("exit", (code, signal) => {
        running = false;
        const info = { code, signal };
        // The leader is gone; its group may still hold children it spawned: kill them too, and
        // resolve only once the group is empty, so "stopped" means nothing of it is left.
        killGroup(pid, "SIGKILL");
        void waitGroupGone(pid, 5_000).then(() => {
          pgids.delete(pid);
          resolve(info);
        });
      });
      child.once("error", (err) => {
        log.error({ name: spec.name, err: err.message }, "process error");
      });
    });
    const proc: ManagedProcess = {
      name: spec.name,
      pid,
      exited,
      isRunning: () => running,
      async stop(ms = graceMs) {
        if (!running) return exited;
        stopping.add(proc);
        killGroup(pid, "SIGTERM");
        const timer = setTimeout(() => {
          log.warn({ name: spec.name, pid, graceMs: ms }, "process did not stop in time: SIGKILL");
          killGroup(pid, "SIGKILL");
        }, ms);
        const info = await exited;
        clearTimeout(timer);
        return info;
      },
    };
    void exited.then((info) => {
      if (stopping.has(proc)) return;
      log.info({ name: spec.name, pid, ...info }, "process exited");
      for (const listener of listeners) listener(proc, info);
    });
    procs.push(proc);
    log.debug({ name: spec.name, pid, logFile: spec.logFile }, "process started");
    return proc;
  }

  return {
    spawn: spawnOne,
    list: () => [...procs],
    onUnexpectedExit: (listener) => {
      listeners.push(listener);
    },
    async stop() {
      // Signals go out newest first; the nodes are independent processes, so their graceful
      // shutdowns (each up to its grace period) run side by side instead of adding up.
      await Promise.all([...procs].reverse().map((proc) => proc.stop()));
      process.off("exit", killAllNow);
    },
    leftovers: () => procs.map((p) => p.pid).filter(groupAlive),
  };
}
