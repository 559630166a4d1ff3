import type { DevChain } from "../../devchain/index.js";
import type { TxOptions } from "../types.js";

/**
 * Manual block mode: start the submission, wait until the pool accepted it, build one block, then
 * await the inclusion result. A submission the pool refuses rejects before any block is built.
 */
export async function included<T>(devchain: DevChain, submit: (options: TxOptions) => Promise<T>): Promise<T> {
  return (await includedAll(devchain, [submit]))[0] as T;
}

/** Several submissions in one block (e.g. concurrent calls from one key: nonces must not collide). */
export async function includedAll<T>(devchain: DevChain, submits: Array<(options: TxOptions) => Promise<T>>): Promise<T[]> {
  const accepted: Array<Promise<void>> = [];
  const results = submits.map((submit) => {
    let onSubmitted!: () => void;
    accepted.push(new Promise<void>((r) => (onSubmitted = r)));
    return submit({ onSubmitted });
  });
  // Each either reaches the pool or fails early; either way stop waiting for it.
  await Promise.all(
    accepted.map((a, i) =>
      Promise.race([
        a,
        (results[i] as Promise<T>).then(
          () => undefined,
          () => undefined,
        ),
      ]),
    ),
  );
  await devchain.newBlock();
  return Promise.all(results);
}

/** Build blocks until just before the next epoch block of `netuid`: `(block + netuid + 1) % (tempo + 1) == 0`. */
export function blocksUntilEpoch(best: number, netuid: number, tempo: number): number {
  let b = best + 1;
  while ((b + netuid + 1) % (tempo + 1) !== 0) b++;
  return b - best; // building this many blocks makes the last one the epoch block
}
