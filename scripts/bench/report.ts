import { writeFileSync } from "node:fs";

/**
 * What every benchmark script hands to `npm run bench`: named figures, each the median of its
 * repeats, and the comparisons measured in the same run (ratios, because absolute times on these
 * shared 2-core machines drift between runs).
 */
export interface BenchFigure {
  /** e.g. "1 KiB round trip, persistent stream". */
  name: string;
  value: number;
  /** e.g. "ms", "req/s", "MiB". */
  unit: string;
  /** How many repeats the median is over. */
  repeats?: number;
  /** What this figure is compared with, measured in the same run. */
  comparedWith?: { name: string; value: number; ratio: number; target?: string };
}

export interface BenchSuiteResult {
  suite: string;
  notes?: string[];
  figures: BenchFigure[];
}

/** One suite's outcome in a `npm run bench` run. */
export interface SuiteRun {
  suite: { name: string; what: string };
  ok: boolean;
  error?: string;
  result?: BenchSuiteResult;
  seconds: number;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

/**
 * Writes the suite's result where `npm run bench` asked for it (env MESHTENSOR_BENCH_OUT); a
 * script run on its own just prints.
 */
export function emitBenchResult(result: BenchSuiteResult): void {
  const out = process.env.MESHTENSOR_BENCH_OUT;
  if (out) writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
}

export function formatFigure(figure: BenchFigure): string {
  const value = Math.abs(figure.value) >= 100 ? figure.value.toFixed(0) : figure.value.toPrecision(3);
  let text = `${figure.name}: ${value} ${figure.unit}`;
  if (figure.comparedWith) {
    const c = figure.comparedWith;
    text += `  (vs ${c.name}: ${c.value.toPrecision(3)}, ratio ${c.ratio.toFixed(2)}${c.target ? `, target ${c.target}` : ""})`;
  }
  return text;
}
