import type {
  AccountBalance,
  AxonEndpoint,
  Balance,
  DelegateInfo,
  EpochPayout,
  HyperparameterName,
  Hyperparameters,
  Metagraph,
  Netuid,
  NetworkParams,
  Ss58,
  StakeInfo,
  SubnetInfo,
  TxOptions,
  TxResult,
} from "./types.js";

/**
 * A key that can sign extrinsics. Created by the wallet code (`chain/wallet`) from a keyfile or
 * a dev URI; `ChainClient` is the only place that uses it to sign.
 */
export interface ChainSigner {
  readonly address: Ss58;
  /** sr25519 signature over `message` (used by the node to sign peer messages too). */
  sign(message: Uint8Array): Uint8Array;
}

/** The endpoint as `serve_axon` takes it (the block is set by the chain). */
export type AxonEndpointInput = Omit<AxonEndpoint, "block">;

export interface ChainClient {
  /** The ws:// URL this client talks to. */
  readonly endpoint: string;
  connect(): Promise<void>;
  close(): Promise<void>;

  // ---- reads (plain TS results) ----
  getBlockNumber(): Promise<number>;
  /** Number of the last finalized block. */
  getFinalizedBlockNumber(): Promise<number>;
  getNetworkParams(): Promise<NetworkParams>;
  /** `Subnets.EmissionPaid` events in block `blockNumber` (empty when no epoch ran there). */
  getEpochPayouts(blockNumber: number): Promise<EpochPayout[]>;
  /** Calls `onBlock` for every new best block; returns an unsubscribe function. */
  subscribeBlocks(onBlock: (blockNumber: number) => void): Promise<() => void>;
  /** The whole subnet in one runtime-API call; null when the subnet does not exist. */
  getMetagraph(netuid: Netuid, options?: { includeWeights?: boolean }): Promise<Metagraph | null>;
  getSubnets(): Promise<SubnetInfo[]>;
  getHyperparameters(netuid: Netuid): Promise<Hyperparameters | null>;
  getBalance(address: Ss58): Promise<AccountBalance>;
  getTotalIssuance(): Promise<Balance>;
  getStakeInfo(coldkey: Ss58): Promise<StakeInfo[]>;
  getDelegates(): Promise<DelegateInfo[]>;
  getRegistrationCost(netuid: Netuid): Promise<Balance | null>;
  getNetworkLockCost(): Promise<Balance>;

  // ---- extrinsics: each waits for inclusion (or finalization), throws ChainError on a dispatch error ----
  transfer(signer: ChainSigner, dest: Ss58, amount: Balance, options?: TxOptions): Promise<TxResult>;
  registerNetwork(coldkey: ChainSigner, options?: TxOptions): Promise<TxResult & { netuid: Netuid }>;
  dissolveNetwork(coldkey: ChainSigner, netuid: Netuid, options?: TxOptions): Promise<TxResult>;
  burnedRegister(coldkey: ChainSigner, netuid: Netuid, hotkey: Ss58, options?: TxOptions): Promise<TxResult & { uid: number }>;
  serveAxon(hotkey: ChainSigner, netuid: Netuid, endpoint: AxonEndpointInput, options?: TxOptions): Promise<TxResult>;
  setWeights(
    hotkey: ChainSigner,
    netuid: Netuid,
    uids: number[],
    values: number[],
    versionKey: bigint,
    options?: TxOptions,
  ): Promise<TxResult>;
  commitWeights(hotkey: ChainSigner, netuid: Netuid, commitHash: Uint8Array, options?: TxOptions): Promise<TxResult>;
  revealWeights(
    hotkey: ChainSigner,
    netuid: Netuid,
    uids: number[],
    values: number[],
    salt: number[],
    versionKey: bigint,
    options?: TxOptions,
  ): Promise<TxResult>;
  addStake(coldkey: ChainSigner, hotkey: Ss58, amount: Balance, options?: TxOptions): Promise<TxResult>;
  removeStake(coldkey: ChainSigner, hotkey: Ss58, amount: Balance, options?: TxOptions): Promise<TxResult>;
  becomeDelegate(coldkey: ChainSigner, hotkey: Ss58, options?: TxOptions): Promise<TxResult>;
  decreaseTake(coldkey: ChainSigner, hotkey: Ss58, take: number, options?: TxOptions): Promise<TxResult>;
  increaseTake(coldkey: ChainSigner, hotkey: Ss58, take: number, options?: TxOptions): Promise<TxResult>;
  rootRegister(coldkey: ChainSigner, hotkey: Ss58, options?: TxOptions): Promise<TxResult>;
  setRootWeights(
    hotkey: ChainSigner,
    netuids: number[],
    values: number[],
    versionKey: bigint,
    options?: TxOptions,
  ): Promise<TxResult>;
  setHyperparameter<K extends HyperparameterName>(
    signer: ChainSigner,
    netuid: Netuid,
    name: K,
    value: Hyperparameters[K],
    options?: TxOptions,
  ): Promise<TxResult>;
}
