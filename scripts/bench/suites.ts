/**
 * Every benchmark of the project, run by `npm run bench` each as its own process (so one suite's
 * sockets, models or dev chain never skew the next). A suite reports through
 * MESHTENSOR_BENCH_OUT (see report.ts) or by printing `BENCH_FIGURE {json}` lines (the Rust ones).
 */
export interface BenchSuite {
  name: string;
  what: string;
  command: string[];
  cwd?: string;
  /** Upper bound on the suite's wall time; past it the suite is killed and reported failed. */
  timeoutMs: number;
}

const tsx = (script: string, ...args: string[]): string[] => ["node", "--import", "tsx", script, ...args];

export const BENCH_SUITES: BenchSuite[] = [
  {
    name: "yuma-native",
    what: "one Yuma epoch, 256 uids / 64 validators, native release build of the epoch the runtime runs",
    command: ["cargo", "run", "--quiet", "--release", "-p", "meshtensor-yuma", "--example", "epoch_bench"],
    cwd: "chain",
    timeoutMs: 15 * 60_000,
  },
  {
    name: "chain",
    what: "dev chain: getMetagraph 256 uids, set_weights to inclusion, epoch and simulator through the runtime, blocks/s",
    command: tsx("scripts/bench-chain.ts"),
    // Registering 256 neurons and 64 validators' weights is ~600 extrinsics on chopsticks: 13.5 min
    // measured on the loaded 2-core machine.
    timeoutMs: 25 * 60_000,
  },
  {
    name: "chain-node",
    what: "the same chain work on meshtensor-node (scripts/build-node.sh), plus disk per block and restart after kill -9",
    command: tsx("scripts/bench-chain.ts", "--engine", "node"),
    timeoutMs: 25 * 60_000,
  },
  {
    name: "p2p",
    what: "libp2p query round trips and throughput vs raw TCP and http keep-alive; fan-out to miner processes",
    command: tsx("scripts/bench-p2p.ts"),
    timeoutMs: 15 * 60_000,
  },
  {
    name: "cli",
    what: "meshtensor command start to exit: --help, wallet list, and balance / subnet list on the dev chain, vs node -e 0",
    command: tsx("scripts/bench-cli.ts"),
    timeoutMs: 10 * 60_000,
  },
  {
    name: "inference",
    what: "raw onnxruntime vs the engine vs the network path, per shipped model, batch 1 and 16",
    command: tsx("scripts/bench-inference.ts"),
    timeoutMs: 15 * 60_000,
  },
];
