import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { writeBenchmarksDoc } from "./doc.js";
import type { SuiteRun } from "./report.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const run = (name: string, value: number): SuiteRun =>
  ({
    suite: { name, what: `what ${name} measures`, command: [], timeoutMs: 1 },
    ok: true,
    seconds: 1,
    result: { suite: name, figures: [{ name: `${name} figure`, value, unit: "ms" }] },
  }) as SuiteRun;

describe("docs/BENCHMARKS.md writer", () => {
  it("replaces only the suites that ran and keeps the others with the date they were measured", () => {
    const dir = mkdtempSync(join(tmpdir(), "bench-doc-"));
    dirs.push(dir);
    const path = join(dir, "BENCHMARKS.md");
    // A doc from before sections had dates: its sections take the doc's date.
    writeFileSync(
      path,
      "# Benchmarks\n\n- Date: 2026-01-01T00:00:00.000Z\n- Machine: m\n\n## a\n\nwhat a\n\n- a old: 1 ms\n\n## b\n\nwhat b\n\n- b old: 2 ms\n",
    );
    writeBenchmarksDoc([run("b", 3)], path, ["a", "b"]);
    const once = readFileSync(path, "utf8");
    expect(once).toContain("## a\n\n- Measured: 2026-01-01T00:00:00.000Z\n\nwhat a\n\n- a old: 1 ms\n");
    expect(once).toContain("- b figure: 3");
    expect(once).not.toContain("b old");
    expect(once.indexOf("## a")).toBeLessThan(once.indexOf("## b"));

    // Written again with another suite: the kept section keeps its date and text, once.
    writeBenchmarksDoc([run("a", 4)], path, ["a", "b"]);
    const twice = readFileSync(path, "utf8");
    expect(twice).toContain("- a figure: 4");
    expect(twice).not.toContain("a old");
    expect(twice.match(/- Measured: /g)).toHaveLength(2);
    expect(twice.match(/- b figure: 3/g)).toHaveLength(1);
  });
});
