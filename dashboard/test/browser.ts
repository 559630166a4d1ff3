/**
 * Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe: the
 * browser reads commands on fd 3 and writes replies on fd 4, NUL-separated JSON), so the test
 * needs no WebSocket client and opens no debugging port. Uses the system's Chromium (Debian's
 * `chromium` package).
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Readable, Writable } from "node:stream";

export const INSTALL_HINT = "apt-get install -y chromium";

/** The Chromium binary on PATH, or null. */
export function findChromium(): string | null {
  for (const name of ["chromium", "chromium-browser", "google-chrome"]) {
    const r = spawnSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" });
    if (r.status === 0 && r.stdout.trim()) return r.stdout.trim();
  }
  return null;
}

export interface Browser {
  /** Send a CDP command to the page's session; resolves with its result. */
  send<T = Record<string, unknown>>(method: string, params?: Record<string, unknown>): Promise<T>;
  /** Evaluate an expression in the page and return its value (JSON). */
  evaluate<T>(expression: string): Promise<T>;
  /** Poll `expression` until it is truthy; bounded by `ms`. Returns its value. */
  waitFor<T>(what: string, expression: string, ms?: number): Promise<T>;
  navigate(url: string): Promise<void>;
  screenshot(): Promise<Buffer>;
  close(): Promise<void>;
}

const COMMAND_TIMEOUT_MS = 20_000;

export async function launchBrowser(options: { width?: number; height?: number } = {}): Promise<Browser> {
  const bin = findChromium();
  if (!bin) throw new Error(`Chromium is not installed; install it with: ${INSTALL_HINT}`);
  const profile = mkdtempSync(join(tmpdir(), "mt-chromium-"));
  const args = [
    "--headless=new",
    "--disable-gpu",
    "--remote-debugging-pipe",
    `--user-data-dir=${profile}`,
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    `--window-size=${options.width ?? 1280},${options.height ?? 900}`,
    ...(process.getuid?.() === 0 ? ["--no-sandbox"] : []),
    "about:blank",
  ];
  const child: ChildProcess = spawn(bin, args, { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  let buffer = "";
  fromBrowser.on("data", (chunk: Buffer) => {
    buffer += chunk.toString("utf8");
    let end = buffer.indexOf("\0");
    while (end >= 0) {
      const msg = JSON.parse(buffer.slice(0, end)) as { id?: number; result?: unknown; error?: { message: string } };
      buffer = buffer.slice(end + 1);
      end = buffer.indexOf("\0");
      if (msg.id === undefined) continue; // events: not needed here
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (msg.error) p?.reject(new Error(`CDP: ${msg.error.message}`));
      else p?.resolve(msg.result);
    }
  });
  child.once("exit", () => {
    for (const p of pending.values()) p.reject(new Error(`chromium exited: ${stderr.split("\n").slice(-5).join(" | ")}`));
    pending.clear();
  });

  function raw<T>(method: string, params: Record<string, unknown> = {}, sessionId?: string): Promise<T> {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`CDP ${method}: no answer within ${COMMAND_TIMEOUT_MS} ms`));
      }, COMMAND_TIMEOUT_MS);
      pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      toBrowser.write(`${JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) })}\0`);
    });
  }

  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      await raw("Browser.close").catch(() => child.kill("SIGKILL"));
      const killer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(killer);
    }
    rmSync(profile, { recursive: true, force: true });
  };

  try {
    const { targetId } = await raw<{ targetId: string }>("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await raw<{ sessionId: string }>("Target.attachToTarget", { targetId, flatten: true });
    const send = <T>(method: string, params: Record<string, unknown> = {}) => raw<T>(method, params, sessionId);
    await send("Page.enable");
    await send("Emulation.setDeviceMetricsOverride", {
      width: options.width ?? 1280,
      height: options.height ?? 900,
      deviceScaleFactor: 1,
      mobile: false,
    });
    const evaluate = async <T>(expression: string): Promise<T> => {
      const r = await send<{ result: { value?: T }; exceptionDetails?: { text: string } }>("Runtime.evaluate", {
        expression,
        returnByValue: true,
        awaitPromise: true,
      });
      if (r.exceptionDetails) throw new Error(`page: ${r.exceptionDetails.text}`);
      return r.result.value as T;
    };
    return {
      send,
      evaluate,
      async waitFor<T>(what: string, expression: string, ms = 30_000): Promise<T> {
        const deadline = Date.now() + ms;
        let last: unknown;
        for (;;) {
          last = await evaluate<T>(expression).catch((e: unknown) => e);
          if (last && !(last instanceof Error)) return last as T;
          if (Date.now() > deadline) {
            const text = await evaluate<string>("document.body ? document.body.innerText.slice(0, 500) : ''").catch(() => "?");
            throw new Error(`timed out after ${ms} ms waiting for ${what}; page says: ${text}`);
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      },
      async navigate(url: string) {
        await send("Page.navigate", { url });
      },
      async screenshot() {
        const { data } = await send<{ data: string }>("Page.captureScreenshot", { format: "png", captureBeyondViewport: true });
        return Buffer.from(data, "base64");
      },
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}
