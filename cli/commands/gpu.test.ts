import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { CliDeps } from "../context.js";
import { runCli } from "../program.js";

const home = mkdtempSync(join(tmpdir(), "meshtensor-gpu-cli-"));
afterAll(() => rmSync(home, { recursive: true, force: true }));

function cli(): { deps: CliDeps; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  const deps: CliDeps = {
    io: {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: (s: string) => (err += s) },
      env: { ...process.env, MESHTENSOR_HOME: home },
    },
    createClient: () => {
      throw new Error("no chain in gpu commands");
    },
  };
  return { deps, out: () => out, err: () => err };
}

describe("meshtensor gpu", () => {
  it("check runs the model on the CPU for real and says why CUDA is not there (no install here)", async () => {
    const c = cli();
    expect(await runCli(["gpu", "check", "--json", "--provider", "cpu", "--provider", "cuda"], c.deps)).toBe(0);
    const report = JSON.parse(c.out());
    expect(report.install.present).toBe(false);
    expect(report.providers[0]).toMatchObject({ provider: "cpu", loads: true, maxAbsDiffVsCpu: 0 });
    expect(report.providers[1]).toMatchObject({ provider: "cuda", installed: false, loads: false, reason: "NOT_INSTALLED" });
    // --require makes it a gate for scripts: exit 1, one line naming the reason.
    const r = cli();
    expect(await runCli(["gpu", "check", "--provider", "cuda", "--require", "cuda"], r.deps)).toBe(1);
    expect(r.err()).toMatch(/^error: cuda does not load or disagrees with the CPU: NOT_INSTALLED/);
  });

  it("install --dry-run prints the packages and paths and fetches nothing; bad flags are usage errors", async () => {
    const c = cli();
    expect(await runCli(["gpu", "install", "--dry-run", "--json"], c.deps)).toBe(0);
    const plan = JSON.parse(c.out());
    expect(plan.packages[0]).toBe("onnxruntime-gpu==1.30.0");
    expect(plan.siteDir).toBe(join(home, "gpu", "ort-1.30.0", "site"));
    const bad = cli();
    expect(await runCli(["gpu", "install", "--dry-run", "--cuda", "12"], bad.deps)).toBe(1);
    expect(bad.err()).toMatch(/CUDA 12 asked for, but the provider for this onnxruntime is built for CUDA 13/);
    const usage = cli();
    expect(await runCli(["gpu", "check", "--provider", "tpu"], usage.deps)).toBe(2);
    expect(usage.err()).toMatch(/--provider: expected cpu, cuda or webgpu, got tpu/);
  });
});
