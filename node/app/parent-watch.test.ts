import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { STOP_WITH_PARENT_ENV, watchParent } from "./parent-watch.js";

const WATCH_MODULE = fileURLToPath(new URL("./parent-watch.ts", import.meta.url));
const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const fn of cleanups.splice(0).reverse()) fn();
});

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

describe("watchParent", () => {
  it("does nothing without the env variable", () => {
    let called = false;
    const stop = watchParent(() => (called = true), {}, 10);
    stop();
    expect(called).toBe(false);
  });

  it("a node whose supervisor is SIGKILLed stops by itself instead of running on as an orphan", async () => {
    const dir = mkdtempSync(join(tmpdir(), "meshtensor-parent-watch-"));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const marker = join(dir, "stopped");
    const pidFile = join(dir, "node.pid");
    // The "node": watches its parent, writes a marker and exits when it is gone.
    const nodeScript = [
      `import { writeFileSync } from "node:fs";`,
      `import { watchParent } from ${JSON.stringify(WATCH_MODULE)};`,
      `writeFileSync(${JSON.stringify(pidFile)}, String(process.pid));`,
      `setInterval(() => {}, 1000);`,
      `watchParent(() => { writeFileSync(${JSON.stringify(marker)}, "1"); process.exit(0); }, process.env, 100);`,
    ].join("\n");
    // The "supervisor": starts the node detached in its own group with its pid in the env, then idles.
    const supervisorScript = [
      `const { spawn } = require("node:child_process");`,
      `const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", ${JSON.stringify(nodeScript)}],`,
      `  { detached: true, stdio: "ignore", env: { ...process.env, ${STOP_WITH_PARENT_ENV}: String(process.pid) } });`,
      `child.unref();`,
      `setInterval(() => {}, 1000);`,
    ].join("\n");
    const supervisor = spawn(process.execPath, ["-e", supervisorScript], { stdio: "ignore" });
    cleanups.push(() => {
      if (supervisor.pid && alive(supervisor.pid)) process.kill(supervisor.pid, "SIGKILL");
    });
    expect(await until(() => existsSync(pidFile), 20_000)).toBe(true);
    const { readFileSync } = await import("node:fs");
    const nodePid = Number(readFileSync(pidFile, "utf8"));
    cleanups.push(() => {
      if (alive(nodePid)) process.kill(nodePid, "SIGKILL");
    });
    // While the supervisor lives, the node keeps running.
    await new Promise((r) => setTimeout(r, 500));
    expect(alive(nodePid)).toBe(true);
    expect(existsSync(marker)).toBe(false);

    supervisor.kill("SIGKILL");
    expect(await until(() => existsSync(marker) && !alive(nodePid), 10_000)).toBe(true);
  });
});
