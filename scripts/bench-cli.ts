/**
 * How long a user waits for the `meshtensor` command: `--help`, `wallet list` (no chain) and
 * `wallet balance` / `subnet list` against the embedded dev chain, each a fresh process as a user
 * runs it. Times are the median of alternating rounds, each compared with `node -e 0` measured in
 * the same rounds (ratios: absolute times on these shared 2-core machines drift between runs).
 *
 * Run alone: `node --import tsx scripts/bench-cli.ts [--rounds N] [--before DIR]` (default 5 rounds).
 * `--before DIR` also times the same commands from another checkout (e.g. `git archive` of an
 * older commit, with node_modules linked in) in the same rounds, for before/after figures.
 */
import "../lib/shims.js";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createDevChain } from "../chain/devchain/index.js";
import { type BenchFigure, emitBenchResult, median } from "./bench/report.js";

const { values } = parseArgs({ options: { rounds: { type: "string", default: "5" }, before: { type: "string" } } });
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50) throw new Error("--rounds: a whole number from 1 to 50");

const BIN = join(import.meta.dirname, "..", "bin", "meshtensor.js");
const BEFORE_BIN = values.before ? join(values.before, "bin", "meshtensor.js") : null;
const home = mkdtempSync(join(tmpdir(), "mt-bench-cli-"));
const env = { ...process.env, MESHTENSOR_HOME: home, MESHTENSOR_PASSWORD: "bench" };

/**
 * Wall time of one fresh process, in ms; a failed command fails the bench (no silent figure).
 * Asynchronous: the dev chain runs in this process and must answer while the command waits.
 */
function timeOnce(args: string[]): Promise<number> {
  const started = process.hrtime.bigint();
  const child = spawn(process.execPath, args, { env, stdio: ["ignore", "ignore", "pipe"], timeout: 120_000 });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-500)));
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      if (code === 0) resolve(ms);
      else reject(new Error(`${args.join(" ")} exited ${code}: ${stderr}`));
    });
  });
}

const devchain = createDevChain({ port: 0, mode: "instant" });
await devchain.start();
try {
  const chain = ["--chain", devchain.endpoint];
  const commands: Array<{ name: string; args: string[] }> = [
    { name: "meshtensor --help", args: [BIN, "--help"] },
    { name: "meshtensor wallet list", args: [BIN, "wallet", "list"] },
    {
      name: "meshtensor wallet balance (dev chain)",
      args: [BIN, "wallet", "balance", "--address", "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY", ...chain],
    },
    { name: "meshtensor subnet list (dev chain)", args: [BIN, "subnet", "list", ...chain] },
  ];
  if (BEFORE_BIN)
    for (const c of [...commands])
      commands.push({ name: `${c.name} [before]`, args: c.args.map((a) => (a === BIN ? BEFORE_BIN : a)) });
  await timeOnce([BIN, "wallet", "create", "--wallet", "bench"]);
  // One untimed pass warms the OS file cache and tsx's transform cache, as a user's second call is.
  for (const c of commands) await timeOnce(c.args);
  const baseline: number[] = [];
  const samples = new Map<string, number[]>(commands.map((c) => [c.name, []]));
  for (let round = 0; round < rounds; round++) {
    baseline.push(await timeOnce(["-e", "0"]));
    for (const c of commands) samples.get(c.name)!.push(await timeOnce(c.args));
  }
  const node = median(baseline);
  const figures: BenchFigure[] = [{ name: "node -e 0", value: node, unit: "ms", repeats: rounds }];
  for (const c of commands) {
    const value = median(samples.get(c.name)!);
    const target = c.name.includes("[before]")
      ? undefined
      : c.name.endsWith("--help")
        ? "<= 5x"
        : c.name.includes("subnet list")
          ? "< 2 s"
          : undefined;
    figures.push({
      name: c.name,
      value,
      unit: "ms",
      repeats: rounds,
      comparedWith: { name: "node -e 0", value: node, ratio: value / node, ...(target ? { target } : {}) },
    });
  }
  for (const f of figures)
    console.log(`${f.name}: ${f.value.toFixed(0)} ms${f.comparedWith ? ` (${f.comparedWith.ratio.toFixed(1)}x node -e 0)` : ""}`);
  emitBenchResult({ suite: "cli", notes: [`median of ${rounds} alternating rounds, each command a fresh process`], figures });
} finally {
  await devchain.stop();
  rmSync(home, { recursive: true, force: true });
}
// chopsticks leaves handles open after stop (measured: the process lingered for minutes).
process.exit(0);
