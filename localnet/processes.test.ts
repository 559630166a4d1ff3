import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { silentLogger } from "../lib/logger.js";
import { createSupervisor, groupAlive, type Supervisor } from "./processes.js";

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const fn of cleanups.reverse()) await fn();
});

async function setup(graceMs = 2000): Promise<{ sup: Supervisor; dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), "localnet-proc-"));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  const sup = createSupervisor({ graceMs }, { logger: silentLogger() });
  cleanups.push(() => sup.stop());
  return { sup, dir };
}

const node = process.execPath;
// A parent that starts a grandchild in its own group and then idles: stopping must reach both.
const WITH_GRANDCHILD = `
const { spawn } = require("node:child_process");
const c = spawn(process.execPath, ["-e", "setInterval(() => {}, 1000)"], { stdio: "ignore" });
console.log("grandchild " + c.pid);
setInterval(() => {}, 1000);
`;

describe("process supervisor", () => {
  it("stops every process and the children it started, and leaves nothing behind", async () => {
    const { sup, dir } = await setup();
    const a = sup.spawn({ name: "a", command: node, args: ["-e", WITH_GRANDCHILD], logFile: join(dir, "a.log") });
    const b = sup.spawn({ name: "b", command: node, args: ["-e", WITH_GRANDCHILD], logFile: join(dir, "b.log") });
    let grandchild = 0;
    for (let i = 0; i < 100 && grandchild === 0; i++) {
      await new Promise((r) => setTimeout(r, 50));
      grandchild = Number((await readFile(join(dir, "a.log"), "utf8")).match(/grandchild (\d+)/)?.[1] ?? 0);
    }
    expect(grandchild).toBeGreaterThan(0);
    expect(sup.leftovers().sort()).toEqual([a.pid, b.pid].sort());

    await sup.stop();
    expect(sup.leftovers()).toEqual([]);
    expect(groupAlive(a.pid)).toBe(false);
    expect(() => process.kill(grandchild, 0)).toThrow();
  });

  it("SIGKILLs a process that ignores SIGTERM after the grace period", async () => {
    const { sup, dir } = await setup(300);
    const p = sup.spawn({
      name: "stubborn",
      command: node,
      args: ["-e", "process.on('SIGTERM', () => console.log('ignored')); console.log('up'); setInterval(() => {}, 1000)"],
      logFile: join(dir, "s.log"),
    });
    for (let i = 0; i < 100 && !(await readFile(join(dir, "s.log"), "utf8")).includes("up"); i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const info = await p.stop();
    expect(info.signal).toBe("SIGKILL");
    expect(sup.leftovers()).toEqual([]);
  });

  it("reports a process that exits on its own, with its exit code and log", async () => {
    const { sup, dir } = await setup();
    const seen: Array<[string, number | null]> = [];
    sup.onUnexpectedExit((proc, info) => seen.push([proc.name, info.code]));
    const p = sup.spawn({
      name: "crash",
      command: node,
      args: ["-e", "console.error('boom'); process.exit(3)"],
      logFile: join(dir, "c.log"),
    });
    expect((await p.exited).code).toBe(3);
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([["crash", 3]]);
    expect(await readFile(join(dir, "c.log"), "utf8")).toContain("boom");
    expect(p.isRunning()).toBe(false);
  });
});
