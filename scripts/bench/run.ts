import "../../lib/shims.js";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { writeBenchmarksDoc } from "./doc.js";
import { type BenchFigure, type BenchSuiteResult, formatFigure, type SuiteRun } from "./report.js";
import { BENCH_SUITES, type BenchSuite } from "./suites.js";

const HELP = `Usage: npm run bench -- [--only NAME[,NAME]] [--json FILE] [--no-doc]

Runs every benchmark suite (each in its own process), prints a table of figures with the
comparisons measured in the same run, and writes docs/BENCHMARKS.md (with --only, just
those suites' sections are replaced; the others stay, each with the date it was measured).
Suites: ${BENCH_SUITES.map((s) => s.name).join(", ")}
Example: npm run bench -- --only p2p,inference --json /tmp/bench.json`;

function parseFigureLines(stdout: string): BenchFigure[] {
  const figures: BenchFigure[] = [];
  for (const line of stdout.split("\n")) {
    const at = line.indexOf("BENCH_FIGURE ");
    if (at === -1) continue;
    try {
      figures.push(JSON.parse(line.slice(at + "BENCH_FIGURE ".length)) as BenchFigure);
    } catch {
      // A malformed line is reported as the suite's failure below if no figure remains.
    }
  }
  return figures;
}

function runSuite(suite: BenchSuite, workDir: string): Promise<SuiteRun> {
  const outFile = join(workDir, `${suite.name}.json`);
  const started = Date.now();
  return new Promise((resolve) => {
    const [cmd, ...args] = suite.command;
    const child = spawn(cmd!, args, {
      cwd: suite.cwd,
      env: { ...process.env, MESHTENSOR_BENCH_OUT: outFile, MESHTENSOR_LOG_LEVEL: process.env.MESHTENSOR_LOG_LEVEL ?? "warn" },
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    let stdout = "";
    let stderrTail = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      process.stdout.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderrTail = (stderrTail + chunk.toString()).slice(-4000);
      process.stderr.write(chunk);
    });
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL");
      } catch {}
    }, suite.timeoutMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const seconds = (Date.now() - started) / 1000;
      if (code !== 0) {
        const why = signal ? `killed by ${signal} (timeout ${suite.timeoutMs / 1000}s?)` : `exit code ${code}`;
        resolve({ suite, ok: false, seconds, error: `${why}: ${stderrTail.trim().split("\n").slice(-3).join(" | ")}` });
        return;
      }
      let result: BenchSuiteResult | undefined;
      if (existsSync(outFile)) result = JSON.parse(readFileSync(outFile, "utf8")) as BenchSuiteResult;
      const lineFigures = parseFigureLines(stdout);
      if (!result && lineFigures.length > 0) result = { suite: suite.name, figures: lineFigures };
      if (!result || result.figures.length === 0) {
        resolve({ suite, ok: false, seconds, error: "the suite exited 0 but reported no figure" });
        return;
      }
      resolve({ suite, ok: true, seconds, result });
    });
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      only: { type: "string" },
      json: { type: "string" },
      "no-doc": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const wanted = values.only?.split(",").map((s) => s.trim());
  const unknown = wanted?.filter((name) => !BENCH_SUITES.some((s) => s.name === name)) ?? [];
  if (unknown.length > 0) {
    console.error(`bench: unknown suite ${unknown.join(", ")}; known: ${BENCH_SUITES.map((s) => s.name).join(", ")}`);
    return 2;
  }
  const suites = wanted ? BENCH_SUITES.filter((s) => wanted.includes(s.name)) : BENCH_SUITES;
  const workDir = mkdtempSync(join(tmpdir(), "meshtensor-bench-"));
  const runs: SuiteRun[] = [];
  try {
    for (const suite of suites) {
      console.error(`\n── bench ${suite.name}: ${suite.what}`);
      runs.push(await runSuite(suite, workDir));
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
  console.log("\n═══ meshtensor benchmarks (medians; ratios measured in the same run) ═══");
  for (const run of runs) {
    console.log(`\n[${run.suite.name}] ${run.ok ? "ok" : "FAILED"} in ${run.seconds.toFixed(0)} s`);
    if (!run.ok) console.log(`  why: ${run.error}`);
    for (const figure of run.result?.figures ?? []) console.log(`  ${formatFigure(figure)}`);
    for (const note of run.result?.notes ?? []) console.log(`  note: ${note}`);
  }
  if (values.json)
    writeFileSync(
      values.json,
      `${JSON.stringify(
        runs.map(({ suite, ...rest }) => ({ suite: suite.name, ...rest })),
        null,
        2,
      )}\n`,
    );
  if (!values["no-doc"])
    writeBenchmarksDoc(
      runs,
      "docs/BENCHMARKS.md",
      BENCH_SUITES.map((s) => s.name),
    );
  const failed = runs.filter((r) => !r.ok);
  if (failed.length > 0) {
    console.error(`\nbench: ${failed.length} suite(s) failed: ${failed.map((r) => r.suite.name).join(", ")}`);
    return 1;
  }
  return 0;
}

process.exitCode = await main();
