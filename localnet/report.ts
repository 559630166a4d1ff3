import type { Balance, Metagraph } from "../chain/client/types.js";
import type { Behaviour } from "./options.js";

export type Role = "validator" | "miner";

/** What the localnet knows about each hotkey it created (the chain knows nothing of behaviours). */
export interface RosterEntry {
  name: string;
  role: Role;
  behaviour: Behaviour | "-";
}
export type Roster = Map<string, RosterEntry>;

export interface NeuronRow {
  uid: number;
  hotkey: string;
  name: string;
  role: Role | "unknown";
  behaviour: string;
  stake: Balance;
  trust: number;
  consensus: number;
  incentive: number;
  dividends: number;
  emission: Balance;
}

export interface EpochReport {
  epoch: number;
  netuid: number;
  block: number;
  ownerCut: Balance;
  validatorsTotal: Balance;
  minersTotal: Balance;
  neurons: NeuronRow[];
}

export interface DeregistrationReport {
  kind: "neuron" | "subnet";
  block: number;
  netuid: number;
  /** Neuron: the uid taken over. */
  uid?: number;
  replaced: string;
  by: string;
  /** Subnet: the lock returned to the removed subnet's owner (base units). */
  lockRefunded?: Balance;
}

/** The chain the run used and how far it got (finalized: final blocks; sealing chains finalize each block). */
export interface ChainReport {
  engine: "embedded" | "node";
  authorities: number;
  bestBlock: number;
  finalizedBlock: number;
}

export interface RunReport {
  subnet: string;
  /** Filled when the run ends (null while it runs or when the chain never started). */
  chain: ChainReport | null;
  netuid: number;
  /** Which bond model the subnet's epoch ran (classic, yuma3, yuma3-liquid-alpha). */
  bondModel: string;
  /** Milliseconds from the start of the run to the first epoch with emission paid. */
  firstEpochPaidMs: number | null;
  epochs: EpochReport[];
  deregistrations: DeregistrationReport[];
}

/** Rows of the metagraph joined with what the localnet knows about each hotkey. */
export function neuronRows(metagraph: Metagraph, roster: Roster): NeuronRow[] {
  return metagraph.neurons.map((n) => {
    const known = roster.get(n.hotkey);
    return {
      uid: n.uid,
      hotkey: n.hotkey,
      name: known?.name ?? "?",
      role: known?.role ?? "unknown",
      behaviour: known?.behaviour ?? "?",
      stake: n.stake,
      trust: n.trust,
      consensus: n.consensus,
      incentive: n.incentive,
      dividends: n.dividends,
      emission: n.emission,
    };
  });
}

export function buildEpochReport(epoch: number, metagraph: Metagraph, roster: Roster, ownerCut: Balance): EpochReport {
  const neurons = neuronRows(metagraph, roster);
  const sum = (role: Role) => neurons.filter((n) => n.role === role).reduce((acc, n) => acc + n.emission, 0n);
  return {
    epoch,
    netuid: metagraph.netuid,
    block: metagraph.block,
    ownerCut,
    validatorsTotal: sum("validator"),
    minersTotal: sum("miner"),
    neurons,
  };
}

/** Base units -> tokens text with `digits` decimals (truncated, exact: no float). */
export function formatTokens(value: Balance, digits = 4): string {
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = abs / 1_000_000_000n;
  const frac = (abs % 1_000_000_000n).toString().padStart(9, "0").slice(0, digits);
  return `${negative ? "-" : ""}${whole}${digits > 0 ? `.${frac}` : ""}`;
}

/** part / total as a percentage with two decimals, exact integer maths. */
export function percent(part: Balance, total: Balance): string {
  if (total === 0n) return "0.00";
  const bp = (part * 10_000n + total / 2n) / total;
  return `${bp / 100n}.${(bp % 100n).toString().padStart(2, "0")}`;
}

const u16 = (v: number) => (v / 65535).toFixed(4);

export function formatMetagraphTable(report: EpochReport): string {
  const header = ["uid", "name", "role", "behaviour", "stake", "trust", "consensus", "incentive", "dividends", "emission"];
  const rows = report.neurons.map((n) => [
    String(n.uid),
    n.name,
    n.role,
    n.behaviour,
    formatTokens(n.stake),
    u16(n.trust),
    u16(n.consensus),
    u16(n.incentive),
    u16(n.dividends),
    formatTokens(n.emission, 6),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const numeric = new Set([0, 4, 5, 6, 7, 8, 9]);
  const line = (cells: string[]) =>
    cells.map((c, i) => (numeric.has(i) ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ");
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** The one-line split of an epoch's emission: owner cut, validators' and miners' shares. */
export function formatSplitLine(report: EpochReport): string {
  const total = report.ownerCut + report.validatorsTotal + report.minersTotal;
  const part = (label: string, v: Balance) => `${label} ${formatTokens(v, 6)} (${percent(v, total)}%)`;
  return [
    `epoch ${report.epoch} netuid ${report.netuid} block ${report.block}: paid ${formatTokens(total, 6)}`,
    part("owner", report.ownerCut),
    part("validators", report.validatorsTotal),
    part("miners", report.minersTotal),
  ].join(" | ");
}

/** The `--json` report: snake_case keys, amounts as base-unit strings (exact, never floats). */
export function reportToJson(report: RunReport): unknown {
  return {
    subnet: report.subnet,
    chain: report.chain && {
      engine: report.chain.engine,
      authorities: report.chain.authorities,
      best_block: report.chain.bestBlock,
      finalized_block: report.chain.finalizedBlock,
    },
    netuid: report.netuid,
    bond_model: report.bondModel,
    first_epoch_paid_ms: report.firstEpochPaidMs,
    epochs: report.epochs.map((e) => ({
      epoch: e.epoch,
      netuid: e.netuid,
      block: e.block,
      owner_cut: e.ownerCut.toString(),
      validators_total: e.validatorsTotal.toString(),
      miners_total: e.minersTotal.toString(),
      neurons: e.neurons.map((n) => ({
        uid: n.uid,
        hotkey: n.hotkey,
        name: n.name,
        role: n.role,
        behaviour: n.behaviour,
        stake: n.stake.toString(),
        trust: n.trust,
        consensus: n.consensus,
        incentive: n.incentive,
        dividends: n.dividends,
        emission: n.emission.toString(),
      })),
    })),
    deregistrations: report.deregistrations.map((d) => ({
      kind: d.kind,
      block: d.block,
      netuid: d.netuid,
      ...(d.uid === undefined ? {} : { uid: d.uid }),
      replaced: d.replaced,
      by: d.by,
      ...(d.lockRefunded === undefined ? {} : { lock_refunded: d.lockRefunded.toString() }),
    })),
  };
}
