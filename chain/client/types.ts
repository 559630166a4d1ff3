/**
 * Plain-TS view of the chain: what every part above `chain/client` sees. No @polkadot codec
 * classes leak past this file's types: numbers that fit in 2^53 are `number`, balances and other
 * u64 amounts are `bigint` in base units (9 decimals), accounts are SS58 strings (prefix 42).
 */

export type Netuid = number;
export type Uid = number;
/** Base units: 1 token = 1_000_000_000n. */
export type Balance = bigint;
export type Ss58 = string;

export const TOKEN_DECIMALS = 9;
export const BASE_UNITS_PER_TOKEN = 1_000_000_000n;

/** What `serve_axon` binds to a hotkey: its libp2p identity and where to reach it. */
export interface AxonEndpoint {
  /** libp2p peer id, base58btc text form ("12D3Koo..."). */
  peerId: string;
  /** Multiaddrs in text form, at most 8. */
  multiaddrs: string[];
  version: number;
  protocol: number;
  /** Block at which it was served (0 when never). */
  block: number;
}

export interface Hyperparameters {
  tempo: number;
  immunityPeriod: number;
  maxAllowedUids: number;
  maxAllowedValidators: number;
  minAllowedWeights: number;
  maxWeightLimit: number;
  kappa: number;
  bondsMovingAverage: bigint;
  activityCutoff: number;
  weightsRateLimit: bigint;
  weightsVersionKey: bigint;
  servingRateLimit: bigint;
  targetRegistrationsPerInterval: number;
  maxRegistrationsPerBlock: number;
  adjustmentInterval: number;
  adjustmentAlpha: bigint;
  burn: Balance;
  minBurn: Balance;
  maxBurn: Balance;
  commitRevealEnabled: boolean;
  revealPeriodEpochs: bigint;
  registrationAllowed: boolean;
  /** Yuma 3 bond model (spec/yuma3.md); false: the classic epoch. */
  yuma3Enabled: boolean;
  /** Per-bond EMA rate from a sigmoid of consensus (Yuma 3 only). */
  liquidAlphaEnabled: boolean;
  /** Lower liquid-alpha rate, / 65535 (settable only while liquid alpha is on). */
  alphaLow: number;
  /** Upper liquid-alpha rate, / 65535. */
  alphaHigh: number;
  /** Sigmoid slope x 100 (i16; negative from root only). */
  alphaSigmoidSteepness: number;
  /** How far bonds follow clipped (65535) rather than raw (0) weights. */
  bondsPenalty: number;
  /** Whether a miner's `reset_bonds` wipes its bonds. */
  bondsResetEnabled: boolean;
}

export type HyperparameterName = keyof Hyperparameters;

export interface NeuronInfo {
  uid: Uid;
  hotkey: Ss58;
  coldkey: Ss58;
  endpoint: AxonEndpoint | null;
  active: boolean;
  validatorPermit: boolean;
  stake: Balance;
  /** Proportions as stored on chain: u16, 65535 = 1.0. */
  rank: number;
  trust: number;
  consensus: number;
  incentive: number;
  dividends: number;
  validatorTrust: number;
  pruningScore: number;
  /** Base units paid to this uid at the last epoch. */
  emission: Balance;
  lastUpdate: number;
  blockAtRegistration: number;
}

/** Sparse row: [uid, u16 value] pairs. */
export type SparseRow = Array<[Uid, number]>;

export interface Metagraph {
  netuid: Netuid;
  owner: Ss58;
  block: number;
  hyperparameters: Hyperparameters;
  /** Per-block emission this subnet receives (base units). */
  emissionPerBlock: Balance;
  neurons: NeuronInfo[];
  /** Present when asked for with `includeWeights`. */
  weights?: SparseRow[];
  bonds?: SparseRow[];
}

export interface SubnetInfo {
  netuid: Netuid;
  owner: Ss58;
  n: number;
  maxAllowedUids: number;
  tempo: number;
  emissionPerBlock: Balance;
  registeredAt: number;
  lockedAmount: Balance;
  burn: Balance;
}

/** Network-wide parameters (`Subnets.NetworkParamsStore`). */
export interface NetworkParams {
  /** Most user subnets (root not counted). */
  subnetLimit: number;
  /** Blocks after registration during which a subnet cannot be replaced. */
  networkImmunityPeriod: number;
  networkMinLock: Balance;
  networkLockReductionInterval: number;
  networkRateLimit: number;
  /** Root's epoch period: how often subnet emission shares are recomputed. */
  rootTempo: number;
}

/** The `Subnets.EmissionPaid` event of one subnet's epoch: the 18/41/41 split as paid (base units). */
export interface EpochPayout {
  netuid: Netuid;
  block: number;
  ownerCut: Balance;
  miners: Balance;
  validators: Balance;
}

export interface DelegateInfo {
  hotkey: Ss58;
  owner: Ss58;
  /** u16, 65535 = 100%. */
  take: number;
  totalStake: Balance;
  nominators: Array<{ coldkey: Ss58; stake: Balance }>;
}

export interface StakeInfo {
  hotkey: Ss58;
  coldkey: Ss58;
  stake: Balance;
}

export interface AccountBalance {
  free: Balance;
  reserved: Balance;
}

/** A decoded runtime event, as plain data. */
export interface ChainEvent {
  section: string;
  method: string;
  data: Record<string, unknown>;
}

export interface TxResult {
  blockHash: string;
  blockNumber: number;
  events: ChainEvent[];
}

export interface TxOptions {
  /** "inclusion" (default) or "finalization". */
  wait?: "inclusion" | "finalization";
  /**
   * Called once the transaction pool accepted the extrinsic. With the dev chain in manual block
   * mode nothing is included until a block is built: build one after this fires.
   */
  onSubmitted?: () => void;
}
