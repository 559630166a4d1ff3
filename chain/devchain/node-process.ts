import { type ChildProcess, spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:net";

/** The env var a supervised process reads to stop itself when its parent is gone (see node/app/parent-watch.ts). */
const STOP_WITH_PARENT_ENV = "MESHTENSOR_STOP_WITH_PARENT";

/** A free TCP port on `host` (bound once by the OS, then released for the node to take). */
export function freePort(host = "127.0.0.1"): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export interface NodeProcessSpec {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  /** A command to run the node through (e.g. ["ip", "netns", "exec", "ns1"]). */
  wrapper?: string[];
}

/**
 * One meshtensor-node OS process in its own process group, its output appended to a log file.
 * It watches its parent (the env var above), so a supervisor killed with SIGKILL leaves nothing.
 */
export class NodeProcess {
  private child: ChildProcess | null = null;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | null = null;
  private exitedPromise: Promise<void> = Promise.resolve();

  constructor(readonly spec: NodeProcessSpec) {}

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get exited(): { code: number | null; signal: NodeJS.Signals | null } | null {
    return this.exitInfo;
  }

  start(): void {
    const out = openSync(this.spec.logFile, "a");
    const [command, ...prefix] = this.spec.wrapper ?? [];
    const env = { ...process.env, [STOP_WITH_PARENT_ENV]: String(process.pid) };
    const options = { detached: true, stdio: ["ignore", out, out] as ["ignore", number, number], env };
    const child = command
      ? spawn(command, [...prefix, this.spec.command, ...this.spec.args], options)
      : spawn(this.spec.command, this.spec.args, options);
    closeSync(out);
    this.exitInfo = null;
    this.child = child;
    this.exitedPromise = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        this.exitInfo = { code, signal };
        resolve();
      });
      child.once("error", () => {
        this.exitInfo ??= { code: null, signal: null };
        resolve();
      });
    });
    liveGroups.add(child.pid ?? 0);
  }

  isRunning(): boolean {
    return this.child !== null && this.exitInfo === null;
  }

  /** Signal the whole process group. */
  kill(signal: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (!pid) return;
    try {
      process.kill(-pid, signal);
    } catch {
      // already gone
    }
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  async stop(graceMs = 10_000): Promise<void> {
    const pid = this.child?.pid;
    if (!pid || !this.isRunning()) {
      liveGroups.delete(pid ?? 0);
      return;
    }
    this.kill("SIGTERM");
    const timer = setTimeout(() => this.kill("SIGKILL"), graceMs);
    await this.exitedPromise;
    clearTimeout(timer);
    liveGroups.delete(pid);
  }

  /** Resolves when the process exits. */
  waitExit(): Promise<void> {
    return this.exitedPromise;
  }

  logTail(lines = 20): string {
    try {
      return readFileSync(this.spec.logFile, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
    } catch {
      return "";
    }
  }
}

// Groups still running when this process exits are killed synchronously (no await in 'exit').
const liveGroups = new Set<number>();
process.once("exit", () => {
  for (const pid of liveGroups) {
    if (pid <= 0) continue;
    try {
      process.kill(-pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});
