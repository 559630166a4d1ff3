/**
 * A full-size subnet on the embedded dev chain for the chain benchmarks: //Alice creates it, `uids`
 * neurons are registered by burn from `coldkeys` funded coldkeys, the first `validators` uids are
 * funded for fees and staked (so the next epoch gives them permits). Manual block mode: this
 * module builds the blocks it needs.
 */
import type { ChainClient, ChainSigner, Hyperparameters, TxOptions } from "../../chain/client/index.js";
import type { DevChain } from "../../chain/devchain/index.js";
import { signerFromUri } from "../../chain/wallet/index.js";

export const TOKEN = 1_000_000_000n;

/**
 * Starts every submission, waits until each reached the pool (or failed early), then builds blocks
 * until all settled: at most `maxBlocks`, so a submission the block never takes cannot hang the run.
 */
export async function settle<T>(
  devchain: DevChain,
  submits: Array<(options: TxOptions) => Promise<T>>,
  maxBlocks = 20,
): Promise<PromiseSettledResult<T>[]> {
  const accepted: Array<Promise<void>> = [];
  const pending = submits.map((submit) => {
    let onSubmitted!: () => void;
    accepted.push(new Promise<void>((r) => (onSubmitted = r)));
    return submit({ onSubmitted });
  });
  await Promise.all(accepted.map((a, i) => Promise.race([a, (pending[i] as Promise<T>).catch(() => undefined)])));
  let done = false;
  const results = Promise.allSettled(pending).then((r) => {
    done = true;
    return r;
  });
  for (let i = 0; i < maxBlocks && !done; i++) {
    await devchain.newBlock();
    // Inclusion is reported over the websocket after the block: give it a moment before the next.
    for (let wait = 0; wait < 10 && !done; wait++) await new Promise((r) => setTimeout(r, 10));
  }
  if (!done) throw new Error(`${submits.length} submissions did not settle within ${maxBlocks} blocks`);
  return results;
}

/** `settle`, and throws naming `what` and the first failure when any submission failed. */
export async function settleAll<T>(
  devchain: DevChain,
  what: string,
  submits: Array<(options: TxOptions) => Promise<T>>,
  maxBlocks?: number,
): Promise<T[]> {
  const results = await settle(devchain, submits, maxBlocks);
  const failed = results.filter((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed.length > 0) {
    const reason = failed[0]?.reason instanceof Error ? failed[0].reason.message : String(failed[0]?.reason);
    throw new Error(`${what}: ${failed.length} of ${results.length} failed, first: ${reason}`);
  }
  return results.map((r) => (r as PromiseFulfilledResult<T>).value);
}

/** Build blocks so that the last one built is `netuid`'s next epoch block: `(b + netuid + 1) % (tempo + 1) == 0`. */
export function blocksToEpoch(best: number, netuid: number, tempo: number): number {
  let b = best + 1;
  while ((b + netuid + 1) % (tempo + 1) !== 0) b++;
  return b - best;
}

export function isEpochBlock(block: number, netuid: number, tempo: number): boolean {
  return (block + netuid + 1) % (tempo + 1) === 0;
}

export interface BenchSubnet {
  netuid: number;
  owner: ChainSigner;
  /** uid i's hotkey; the first `validators` are staked and funded. */
  hotkeys: ChainSigner[];
  validators: ChainSigner[];
  /** Seconds spent registering the `uids` neurons (submission to inclusion). */
  registerSeconds: number;
}

const COLDKEY_FUNDS = 5000n * TOKEN;

export interface BenchSubnetOptions {
  uids: number;
  validators: number;
  tempo: number;
  /**
   * Registering coldkeys. The client serializes submissions per key (nonce, then pool check), so
   * several keys keep the chain busy while one waits for a round trip.
   */
  coldkeys: number;
}

export async function createBenchSubnet(
  client: ChainClient,
  devchain: DevChain,
  { uids, validators, tempo, coldkeys }: BenchSubnetOptions,
): Promise<BenchSubnet> {
  const owner = await signerFromUri("//Alice");
  const [net] = await settleAll(devchain, "register_network", [(o) => client.registerNetwork(owner, o)]);
  const netuid = (net as { netuid: number }).netuid;
  // Owner settings: room for every uid in one block, `validators` permits, weights every block.
  const settings: Partial<Hyperparameters> = {
    maxAllowedUids: uids,
    maxRegistrationsPerBlock: uids,
    targetRegistrationsPerInterval: uids,
    maxAllowedValidators: validators,
    weightsRateLimit: 0n,
    tempo,
  };
  await settleAll(
    devchain,
    "set_hyperparameter",
    Object.entries(settings).map(
      ([name, value]) =>
        (o: TxOptions) =>
          client.setHyperparameter(owner, netuid, name as keyof Hyperparameters, value as never, o),
    ),
  );
  const colds = await Promise.all(Array.from({ length: coldkeys }, (_, k) => signerFromUri(`//bench-chain/cold/${k}`)));
  await settleAll(
    devchain,
    "fund coldkeys",
    colds.map((c) => (o: TxOptions) => client.transfer(owner, c.address, COLDKEY_FUNDS, o)),
  );
  const hotkeys = await Promise.all(Array.from({ length: uids }, (_, i) => signerFromUri(`//bench-chain/${i}`)));
  const coldOf = (i: number) => colds[i % coldkeys] as ChainSigner;
  const t0 = performance.now();
  const regs = await settleAll(
    devchain,
    "burned_register",
    hotkeys.map((hk, i) => (o: TxOptions) => client.burnedRegister(coldOf(i), netuid, hk.address, o)),
  );
  const registerSeconds = (performance.now() - t0) / 1000;
  // Uids follow inclusion order, not submission order: index hotkeys (and their coldkeys) by uid.
  const byUid: ChainSigner[] = [];
  const coldByUid: ChainSigner[] = [];
  regs.forEach((r, i) => {
    byUid[r.uid] = hotkeys[i] as ChainSigner;
    coldByUid[r.uid] = coldOf(i);
  });
  if (byUid.length !== uids || byUid.some((h) => h === undefined))
    throw new Error(`registration gave uids ${regs.map((r) => r.uid).join(",")}, not 0..${uids - 1}`);
  const staked = byUid.slice(0, validators);
  // Fees for set_weights come from the hotkey; distinct stakes make the permit order deterministic.
  await settleAll(devchain, "fund and stake validator hotkeys", [
    ...staked.map((hk, i) => (o: TxOptions) => client.transfer(coldByUid[i] as ChainSigner, hk.address, 10n * TOKEN, o)),
    ...staked.map(
      (hk, i) => (o: TxOptions) => client.addStake(coldByUid[i] as ChainSigner, hk.address, BigInt(100 + i) * TOKEN, o),
    ),
  ]);
  return { netuid, owner, hotkeys: byUid, validators: staked, registerSeconds };
}
