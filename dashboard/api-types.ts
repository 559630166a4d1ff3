/**
 * The JSON the dashboard server serves and pushes: the contract between the server and the page
 * (both import these types; this file imports nothing). Amounts are base units as decimal
 * strings (exact: u64 does not fit a JS number); proportions are the chain's u16 (65535 = 1.0).
 */

export type ChainStatus = "connecting" | "up" | "down";

export interface ChainState {
  endpoint: string;
  status: ChainStatus;
  /** Why the chain is down (one line), null while up. */
  error: string | null;
  /** ms since epoch of the last status change. */
  since: number;
}

export interface SubnetRow {
  netuid: number;
  owner: string;
  n: number;
  maxAllowedUids: number;
  tempo: number;
  emissionPerBlock: string;
  /** This subnet's share of the network's emission (root weights decide it), 0..1. */
  emissionShare: number;
  registrationCost: string;
  lock: string;
  registeredAt: number;
  /** Blocks of network immunity left (0: it can be replaced by a new subnet). */
  immunityLeft: number;
  /** Blocks until its next epoch. */
  nextEpochIn: number;
}

export interface NetworkView {
  chain: ChainState;
  /** Null until the first read succeeded. */
  block: number | null;
  finalized: number | null;
  issuance: string | null;
  emissionPerBlock: string | null;
  subnetLimit: number | null;
  networkImmunityPeriod: number | null;
  subnets: SubnetRow[];
  /** True when the dashboard knows node names and behaviours (a localnet). */
  localnet: boolean;
}

export interface NeuronRowJson {
  uid: number;
  hotkey: string;
  coldkey: string;
  /** Known in a localnet, null otherwise. */
  name: string | null;
  role: string | null;
  behaviour: string | null;
  stake: string;
  validatorPermit: boolean;
  active: boolean;
  rank: number;
  trust: number;
  validatorTrust: number;
  consensus: number;
  incentive: number;
  dividends: number;
  emission: string;
  pruningScore: number;
  lastUpdate: number;
  blockAtRegistration: number;
  peerId: string | null;
  multiaddrs: string[];
}

export interface EpochPoint {
  block: number;
  /** The split as paid (from the chain's EmissionPaid event); null when it could not be read. */
  payout: { ownerCut: string; validators: string; miners: string } | null;
  /** Per uid at that epoch. */
  incentive: Record<string, number>;
  dividends: Record<string, number>;
  emission: Record<string, string>;
  stake: Record<string, string>;
  /** Hotkey per uid at that epoch (a uid can change hands). */
  hotkeys: Record<string, string>;
}

export interface SubnetView {
  netuid: number;
  block: number;
  owner: string;
  tempo: number;
  emissionPerBlock: string;
  hyperparameters: Record<string, string | number | boolean>;
  neurons: NeuronRowJson[];
  /** Weights heatmap: rows are the uids that set weights, columns every uid; values u16. */
  weights: { rows: number[]; cols: number[]; values: number[][] };
  /** Epochs seen since the dashboard started, oldest first. */
  history: EpochPoint[];
}

export interface NodeStatusJson {
  running: boolean;
  /** The node's /health JSON, null when it did not answer. */
  health: unknown;
  /** A few counters from its Prometheus /metrics. */
  metrics: Record<string, number>;
}

export interface NeuronView {
  netuid: number;
  block: number;
  neuron: NeuronRowJson;
  /** Weights this uid sets and weights others set on it: u16, and `share` = weight / the setter's row sum. */
  weightsOut: Array<{ uid: number; weight: number; share: number }>;
  weightsIn: Array<{ uid: number; weight: number; share: number }>;
  history: Array<{ block: number; incentive: number; dividends: number; emission: string; stake: string }>;
  /** Only in a localnet: the node process behind this hotkey. */
  node: NodeStatusJson | null;
}

export interface ApiErrorJson {
  error: { code: string; message: string };
}
