import type { ChainClient, ChainSigner } from "../../chain/client/index.js";
import type { Metagraph, TxResult } from "../../chain/client/types.js";
import type { CliDeps } from "../context.js";

/** Records every extrinsic the CLI asks for; reads return canned plain data. For argument tests only. */
export interface FakeCall {
  method: string;
  signer?: string;
  args: unknown[];
}

const TX: TxResult = { blockHash: "0x01", blockNumber: 7, events: [] };

export function fakeClient(calls: FakeCall[], metagraph: Metagraph | null = null): ChainClient {
  const tx =
    (method: string) =>
    async (signer: ChainSigner, ...args: unknown[]) => {
      // The last argument is always the TxOptions object.
      calls.push({ method, signer: signer.address, args: args.slice(0, -1) });
      return { ...TX, netuid: 3, uid: 5 };
    };
  return {
    endpoint: "ws://fake",
    connect: async () => undefined,
    close: async () => undefined,
    getBlockNumber: async () => 7,
    getFinalizedBlockNumber: async () => 7,
    getNetworkParams: async () => ({
      subnetLimit: 8,
      networkImmunityPeriod: 100,
      networkMinLock: 10_000_000_000n,
      networkLockReductionInterval: 1000,
      networkRateLimit: 0,
      rootTempo: 10,
    }),
    getEpochPayouts: async () => [],
    subscribeBlocks: async () => () => undefined,
    getMetagraph: async () => metagraph,
    getSubnets: async () => [],
    getHyperparameters: async () => metagraph?.hyperparameters ?? null,
    getBalance: async () => ({ free: 1_500_000_000n, reserved: 0n }),
    getTotalIssuance: async () => 0n,
    getStakeInfo: async () => [],
    getDelegates: async () => [{ hotkey: "5Hot", owner: "5Own", take: 11796, totalStake: 0n, nominators: [] }],
    getRegistrationCost: async () => 1n,
    getNetworkLockCost: async () => 1_000_000_000_000n,
    transfer: tx("transfer"),
    registerNetwork: tx("registerNetwork") as ChainClient["registerNetwork"],
    dissolveNetwork: tx("dissolveNetwork"),
    burnedRegister: tx("burnedRegister") as ChainClient["burnedRegister"],
    serveAxon: tx("serveAxon"),
    setWeights: tx("setWeights"),
    commitWeights: tx("commitWeights"),
    revealWeights: tx("revealWeights"),
    addStake: tx("addStake"),
    removeStake: tx("removeStake"),
    becomeDelegate: tx("becomeDelegate"),
    decreaseTake: tx("decreaseTake"),
    increaseTake: tx("increaseTake"),
    rootRegister: tx("rootRegister"),
    setRootWeights: tx("setRootWeights"),
    setHyperparameter: tx("setHyperparameter") as ChainClient["setHyperparameter"],
  };
}

export function captureDeps(
  client: ChainClient,
  env: NodeJS.ProcessEnv,
): { deps: CliDeps; out: () => string; err: () => string } {
  let out = "";
  let err = "";
  return {
    deps: {
      io: { stdout: { write: (s: string) => (out += s) }, stderr: { write: (s: string) => (err += s) }, env },
      createClient: () => client,
    },
    out: () => out,
    err: () => err,
  };
}
