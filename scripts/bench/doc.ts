import { execSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname } from "node:path";
import { formatFigure, type SuiteRun } from "./report.js";

function machineLine(): string {
  const cpu = cpus();
  let rustc = "";
  try {
    rustc = execSync("rustc --version", { encoding: "utf8" }).trim();
  } catch {
    rustc = "rustc not found";
  }
  return `${cpu.length} x ${cpu[0]?.model ?? "unknown CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}, ${rustc}`;
}

/** docs/BENCHMARKS.md is written by `npm run bench`, never by hand. */
export function writeBenchmarksDoc(runs: SuiteRun[], path: string): void {
  const lines = [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (scripts/bench/run.ts); do not edit by hand. Each figure is a median",
    "over repeated runs; each comparison is a ratio measured in the same run, because absolute times on",
    "shared machines drift.",
    "",
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${machineLine()}`,
    "",
  ];
  for (const run of runs) {
    lines.push(`## ${run.suite.name}`, "", run.suite.what, "");
    if (!run.ok) lines.push(`**Failed**: ${run.error}`, "");
    for (const figure of run.result?.figures ?? []) lines.push(`- ${formatFigure(figure)}`);
    for (const note of run.result?.notes ?? []) lines.push(`- note: ${note}`);
    lines.push("");
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${lines.join("\n")}\n`);
}
