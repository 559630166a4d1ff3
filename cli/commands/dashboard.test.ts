import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { runCli } from "../program.js";
import { captureDeps, fakeClient } from "../test/fake-client.js";
import { dashboardPortFlag, startDashboard } from "./dashboard.js";

async function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function run(argv: string[]) {
  const cap = captureDeps(fakeClient([]), {});
  const code = await runCli(argv, cap.deps);
  return { code, out: cap.out(), err: cap.err() };
}

describe("meshtensor dashboard", () => {
  it("has --help with an example, and refuses bad flags as usage errors naming them", async () => {
    const help = await run(["dashboard", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/Example:\n {2}\$ meshtensor dashboard --chain ws:\/\//);
    expect(help.out).toContain("--host");
    const port = await run(["dashboard", "--port", "eighty"]);
    expect(port.code).toBe(2);
    expect(port.err).toMatch(/--port: "eighty"/);
    const chain = await run(["dashboard", "--chain", "http://127.0.0.1:9944", "--port", "0"]);
    expect(chain.code).toBe(2);
    expect(chain.err).toMatch(/--chain: must be a ws:\/\/ or wss:\/\/ URL/);
  });

  it("localnet --dashboard takes an optional port", () => {
    expect(dashboardPortFlag(undefined)).toBeNull();
    expect(dashboardPortFlag(true)).toBe(8080);
    expect(dashboardPortFlag("9090")).toBe(9090);
    expect(() => dashboardPortFlag("x")).toThrow(/--dashboard/);
  });

  it("starts on 127.0.0.1 against an unreachable chain and says why on the page's JSON", async () => {
    const port = await closedPort();
    const dashboard = await startDashboard({ chain: `ws://127.0.0.1:${port}`, port: 0, connectTimeoutMs: 300 });
    try {
      expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const deadline = Date.now() + 10_000;
      while (dashboard.network().chain.status !== "down" && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const view = dashboard.network();
      expect(view.chain.status).toBe("down");
      expect(view.chain.error).toContain(`127.0.0.1:${port}`);
      const res = await fetch(new URL("/api/subnets/1", dashboard.url));
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("CHAIN_UNAVAILABLE");
    } finally {
      await dashboard.stop();
    }
  });

  it("refuses a port in use with a clear error", async () => {
    const first = await startDashboard({ chain: "ws://127.0.0.1:1", port: 0, connectTimeoutMs: 300 });
    try {
      const port = Number(new URL(first.url).port);
      await expect(startDashboard({ chain: "ws://127.0.0.1:1", port })).rejects.toThrow(/port is in use/);
    } finally {
      await first.stop();
    }
  });
});
