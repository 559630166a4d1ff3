import type { ChainClient } from "../chain/client/interface.js";
import type { Balance, Metagraph, Netuid } from "../chain/client/types.js";
import type { Logger } from "../lib/logger.js";
import { buildEpochReport, type EpochReport, type Roster } from "./report.js";

/** The chain runs subnet `netuid`'s epoch at blocks where (block + netuid + 1) % (tempo + 1) == 0 (chain.md). */
export function isEpochBlock(block: number, netuid: Netuid, tempo: number): boolean {
  return (block + netuid + 1) % (tempo + 1) === 0;
}

/** Blocks until the next epoch block after `block` (0 when `block` is one). */
export function blocksToEpoch(block: number, netuid: Netuid, tempo: number): number {
  const period = tempo + 1;
  return (period - ((block + netuid + 1) % period)) % period;
}

/** Was there an epoch block in (from, to]? */
export function epochBetween(from: number, to: number, netuid: Netuid, tempo: number): number | null {
  for (let b = to; b > from && b > to - (tempo + 1); b--) {
    if (isEpochBlock(b, netuid, tempo)) return b;
  }
  return null;
}

export interface ChainView {
  block: number;
  metagraph: Metagraph;
  ownerFree: Balance;
}

export interface EpochWatcher {
  /** Feed every new best block; reads the subnet and reports each epoch crossed since the last call. */
  onBlock(block: number): Promise<void>;
  latest(): ChainView | null;
}

/**
 * Follows the subnet block by block: one metagraph read and one owner balance read per block.
 * An epoch is reported when an epoch block lies between two observations, so a skipped block
 * notification cannot hide one; the owner cut is the owner's balance change across it (the
 * owner does nothing else during a run).
 */
export function createEpochWatcher(
  options: { netuid: Netuid; owner: string },
  deps: { client: ChainClient; roster: Roster; logger: Logger; onEpoch(report: EpochReport): void },
): EpochWatcher {
  let last: ChainView | null = null;
  let epochs = 0;
  let busy: Promise<void> | null = null;
  let pending: number | null = null;

  async function observe(block: number): Promise<void> {
    const [metagraph, balance] = await Promise.all([
      deps.client.getMetagraph(options.netuid),
      deps.client.getBalance(options.owner),
    ]);
    if (!metagraph) {
      deps.logger.warn({ netuid: options.netuid }, "subnet not found while watching");
      return;
    }
    const view: ChainView = { block: Math.max(block, metagraph.block), metagraph, ownerFree: balance.free };
    const prev = last;
    last = view;
    if (!prev) return;
    const epochBlock = epochBetween(prev.block, view.block, options.netuid, metagraph.hyperparameters.tempo);
    if (epochBlock === null) return;
    epochs++;
    deps.onEpoch({ ...buildEpochReport(epochs, metagraph, deps.roster, view.ownerFree - prev.ownerFree), block: epochBlock });
  }

  return {
    async onBlock(block) {
      // Only one read at a time; when blocks come faster than reads, skip to the newest.
      if (busy) {
        pending = block;
        return;
      }
      busy = (async () => {
        let next: number | null = block;
        while (next !== null) {
          pending = null;
          try {
            await observe(next);
          } catch (err) {
            deps.logger.warn({ err: err instanceof Error ? err.message : String(err), block: next }, "chain read failed");
          }
          next = pending;
        }
        busy = null;
      })();
      await busy;
    },
    latest: () => last,
  };
}
