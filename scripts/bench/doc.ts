import { execSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
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

/**
 * The sections of an existing doc by suite name, each with the date it was measured: its own
 * "- Measured:" line, else the doc's "- Date:" line (docs written before sections had one).
 */
function previousSections(path: string): Map<string, { lines: string[]; measured: string }> {
  const sections = new Map<string, { lines: string[]; measured: string }>();
  if (!existsSync(path)) return sections;
  const text = readFileSync(path, "utf8");
  const docDate = /^- Date: (.+)$/m.exec(text)?.[1] ?? "unknown";
  let current: { name: string; lines: string[] } | null = null;
  const close = (): void => {
    if (current === null) return;
    while (current.lines.at(-1) === "") current.lines.pop();
    const own = current.lines.find((l) => l.startsWith("- Measured: "));
    sections.set(current.name, { lines: current.lines, measured: own?.slice("- Measured: ".length) ?? docDate });
  };
  for (const line of text.split("\n")) {
    if (line.startsWith("## ")) {
      close();
      current = { name: line.slice(3).trim(), lines: [line] };
    } else if (current !== null) current.lines.push(line);
  }
  close();
  return sections;
}

/**
 * docs/BENCHMARKS.md is written by `npm run bench`, never by hand. A run of some suites
 * (`--only`) replaces their sections and keeps the others as they were, each with its own date.
 */
export function writeBenchmarksDoc(runs: SuiteRun[], path: string, suiteOrder: string[] = []): void {
  const now = new Date().toISOString();
  const lines = [
    "# Benchmarks",
    "",
    "Written by `npm run bench` (scripts/bench/run.ts); do not edit by hand. Each figure is a median",
    "over repeated runs; each comparison is a ratio measured in the same run, because absolute times on",
    "shared machines drift. Each section says when it was measured (`--only` reruns some suites).",
    "",
    `- Date: ${now}`,
    `- Machine: ${machineLine()}`,
    "",
  ];
  const fresh = new Map(runs.map((run) => [run.suite.name, run]));
  const kept = previousSections(path);
  const order = [...new Set([...suiteOrder, ...runs.map((r) => r.suite.name), ...kept.keys()])];
  for (const name of order) {
    const run = fresh.get(name);
    if (run === undefined) {
      const old = kept.get(name);
      if (old === undefined) continue;
      const [header, ...rest] = old.lines.filter((l) => !l.startsWith("- Measured: "));
      while (rest[0] === "") rest.shift();
      lines.push(header as string, "", `- Measured: ${old.measured}`, "", ...rest, "");
      continue;
    }
    lines.push(`## ${run.suite.name}`, "", `- Measured: ${now}`, "", run.suite.what, "");
    if (!run.ok) lines.push(`**Failed**: ${run.error}`, "");
    for (const figure of run.result?.figures ?? []) lines.push(`- ${formatFigure(figure)}`);
    for (const note of run.result?.notes ?? []) lines.push(`- note: ${note}`);
    lines.push("");
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${lines.join("\n")}\n`);
}
