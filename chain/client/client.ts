import type { ApiPromise } from "@polkadot/api";
import type { SubmittableExtrinsic } from "@polkadot/api/types";
import type { Logger } from "../../lib/logger.js";
import { silentLogger } from "../../lib/logger.js";
import { Connection } from "./connection.js";
import { toNum } from "./convert.js";
import { invalidArgument } from "./errors.js";
import type { AxonEndpointInput, ChainClient, ChainSigner } from "./interface.js";
import { type ChainClientOptions, chainClientOptionsSchema } from "./options.js";
import * as reads from "./reads.js";
import type { YumaScenario, YumaSimulator } from "./scenario-types.js";
import { TxSubmitter } from "./tx.js";
import type { HyperparameterName, Hyperparameters, Netuid, TxOptions, TxResult } from "./types.js";
import { checkEndpoint, checkU16, checkU16List, checkU64, hyperparameterArg } from "./validate.js";

type Tx = SubmittableExtrinsic<"promise">;
type Section = Record<string, (...args: unknown[]) => Tx>;

function eventField(result: TxResult, method: string, field: string): number {
  const ev = result.events.find((e) => e.section === "Subnets" && e.method === method);
  const v = ev?.data[field];
  if (v === undefined) throw invalidArgument(`event Subnets.${method}.${field}`, "missing from the inclusion result");
  return toNum(v);
}

/** The ChainClient over @polkadot/api: plain-TS reads through the runtime API, typed extrinsics. */
export class PolkadotChainClient implements ChainClient, YumaSimulator {
  readonly endpoint: string;
  private readonly connection: Connection;
  private readonly txs: TxSubmitter;

  constructor(options: ChainClientOptions = {}, deps: { logger?: Logger } = {}) {
    const parsed = chainClientOptionsSchema.safeParse(options);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw invalidArgument(issue?.path.join(".") || "options", issue?.message ?? "invalid");
    }
    const log = deps.logger ?? silentLogger();
    this.endpoint = parsed.data.endpoint;
    this.connection = new Connection(parsed.data, log);
    this.txs = new TxSubmitter(() => this.connection.api, log);
  }

  private get api(): ApiPromise {
    return this.connection.api;
  }

  private subnets(): Section {
    return (this.api.tx as unknown as Record<string, Section>).subnets ?? {};
  }

  private call(signer: ChainSigner, method: string, args: unknown[], options?: TxOptions): Promise<TxResult> {
    return this.txs.submit(
      signer,
      (api) => {
        const fn = (api.tx as unknown as Record<string, Section | undefined>).subnets?.[method];
        if (!fn) throw invalidArgument("call", `the runtime has no Subnets.${method}`);
        return fn(...args);
      },
      options,
    );
  }

  connect(): Promise<void> {
    return this.connection.connect();
  }
  close(): Promise<void> {
    return this.connection.close();
  }

  async getBlockNumber(): Promise<number> {
    return (await this.api.rpc.chain.getHeader()).number.toNumber();
  }

  async getFinalizedBlockNumber(): Promise<number> {
    const hash = await this.api.rpc.chain.getFinalizedHead();
    return (await this.api.rpc.chain.getHeader(hash)).number.toNumber();
  }

  async getNetworkParams() {
    return reads.readNetworkParams(this.api);
  }

  async getEpochPayouts(blockNumber: number) {
    if (!Number.isSafeInteger(blockNumber) || blockNumber < 0) throw invalidArgument("blockNumber", "must be a block number");
    return reads.readEpochPayouts(this.api, blockNumber);
  }

  async subscribeBlocks(onBlock: (blockNumber: number) => void): Promise<() => void> {
    return this.api.rpc.chain.subscribeNewHeads((header) => onBlock(header.number.toNumber()));
  }

  async getMetagraph(netuid: Netuid, options: { includeWeights?: boolean } = {}) {
    return reads.readMetagraph(this.api, checkU16("netuid", netuid), options.includeWeights ?? false);
  }
  async getSubnets() {
    return reads.readSubnets(this.api);
  }
  async getHyperparameters(netuid: Netuid) {
    return (await this.getMetagraph(netuid))?.hyperparameters ?? null;
  }
  async getBalance(address: string) {
    return reads.readBalance(this.api, address);
  }
  async getTotalIssuance() {
    return reads.readTotalIssuance(this.api);
  }
  async getStakeInfo(coldkey: string) {
    return reads.readStakeInfo(this.api, coldkey);
  }
  async getDelegates() {
    return reads.readDelegates(this.api);
  }
  async getRegistrationCost(netuid: Netuid) {
    return reads.readRegistrationCost(this.api, checkU16("netuid", netuid));
  }
  async getNetworkLockCost() {
    return reads.readNetworkLockCost(this.api);
  }
  async simulateYuma(scenario: YumaScenario) {
    return reads.simulateYuma(this.api, scenario);
  }

  async transfer(signer: ChainSigner, dest: string, amount: bigint, options?: TxOptions) {
    checkU64("amount", amount);
    return this.txs.submit(signer, (api) => api.tx.balances.transferKeepAlive(dest, amount), options);
  }
  async registerNetwork(coldkey: ChainSigner, options?: TxOptions) {
    const r = await this.call(coldkey, "registerNetwork", [], options);
    return { ...r, netuid: eventField(r, "NetworkAdded", "netuid") };
  }
  async dissolveNetwork(coldkey: ChainSigner, netuid: Netuid, options?: TxOptions) {
    return this.call(coldkey, "dissolveNetwork", [checkU16("netuid", netuid)], options);
  }
  async burnedRegister(coldkey: ChainSigner, netuid: Netuid, hotkey: string, options?: TxOptions) {
    const r = await this.call(coldkey, "burnedRegister", [checkU16("netuid", netuid), hotkey], options);
    // Into a full subnet the pallet emits NeuronReplaced (the uid taken over) instead of NeuronRegistered.
    const replaced = r.events.some((e) => e.section === "Subnets" && e.method === "NeuronReplaced");
    return { ...r, uid: eventField(r, replaced ? "NeuronReplaced" : "NeuronRegistered", "uid") };
  }
  async serveAxon(hotkey: ChainSigner, netuid: Netuid, endpoint: AxonEndpointInput, options?: TxOptions) {
    return this.call(hotkey, "serveAxon", [checkU16("netuid", netuid), checkEndpoint(endpoint)], options);
  }
  async setWeights(
    hotkey: ChainSigner,
    netuid: Netuid,
    uids: number[],
    values: number[],
    versionKey: bigint,
    options?: TxOptions,
  ) {
    const args = [
      checkU16("netuid", netuid),
      checkU16List("uids", uids),
      checkU16List("values", values),
      checkU64("versionKey", versionKey),
    ];
    return this.call(hotkey, "setWeights", args, options);
  }
  async commitWeights(hotkey: ChainSigner, netuid: Netuid, commitHash: Uint8Array, options?: TxOptions) {
    if (commitHash.length !== 32) throw invalidArgument("commitHash", `must be 32 bytes, got ${commitHash.length}`);
    return this.call(hotkey, "commitWeights", [checkU16("netuid", netuid), commitHash], options);
  }
  async revealWeights(
    hotkey: ChainSigner,
    netuid: Netuid,
    uids: number[],
    values: number[],
    salt: number[],
    versionKey: bigint,
    options?: TxOptions,
  ) {
    const args = [
      checkU16("netuid", netuid),
      checkU16List("uids", uids),
      checkU16List("values", values),
      checkU16List("salt", salt),
      checkU64("versionKey", versionKey),
    ];
    return this.call(hotkey, "revealWeights", args, options);
  }
  async addStake(coldkey: ChainSigner, hotkey: string, amount: bigint, options?: TxOptions) {
    return this.call(coldkey, "addStake", [hotkey, checkU64("amount", amount)], options);
  }
  async removeStake(coldkey: ChainSigner, hotkey: string, amount: bigint, options?: TxOptions) {
    return this.call(coldkey, "removeStake", [hotkey, checkU64("amount", amount)], options);
  }
  async becomeDelegate(coldkey: ChainSigner, hotkey: string, options?: TxOptions) {
    return this.call(coldkey, "becomeDelegate", [hotkey], options);
  }
  async decreaseTake(coldkey: ChainSigner, hotkey: string, take: number, options?: TxOptions) {
    return this.call(coldkey, "decreaseTake", [hotkey, checkU16("take", take)], options);
  }
  async increaseTake(coldkey: ChainSigner, hotkey: string, take: number, options?: TxOptions) {
    return this.call(coldkey, "increaseTake", [hotkey, checkU16("take", take)], options);
  }
  async rootRegister(coldkey: ChainSigner, hotkey: string, options?: TxOptions) {
    return this.call(coldkey, "rootRegister", [hotkey], options);
  }
  async setRootWeights(hotkey: ChainSigner, netuids: number[], values: number[], versionKey: bigint, options?: TxOptions) {
    const args = [checkU16List("netuids", netuids), checkU16List("values", values), checkU64("versionKey", versionKey)];
    return this.call(hotkey, "setRootWeights", args, options);
  }
  async setHyperparameter<K extends HyperparameterName>(
    signer: ChainSigner,
    netuid: Netuid,
    name: K,
    value: Hyperparameters[K],
    options?: TxOptions,
  ) {
    return this.call(signer, "setHyperparameter", [checkU16("netuid", netuid), hyperparameterArg(name, value)], options);
  }

  /** The underlying ApiPromise, for code inside chain/client only (codegen); never exported further. */
  rawApi(): ApiPromise {
    return this.api;
  }

  /** Pallet call names present in the connected runtime (diagnostics and CLI help). */
  palletCalls(): string[] {
    return Object.keys(this.subnets());
  }
}

/** Factory: the client is created disconnected; `connect()` before use, `close()` after. */
export function createChainClient(options: ChainClientOptions = {}, deps: { logger?: Logger } = {}): PolkadotChainClient {
  return new PolkadotChainClient(options, deps);
}
