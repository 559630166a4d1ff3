/**
 * The silence rule, in the chain's time: a miner that has not answered a query for
 * `windowBlocks` blocks (measured from its first unanswered query, so a miner that was simply
 * not sampled is not silent) scores CAUGHT, i.e. its moving average drops to 0 and the next
 * weights the validator sets give it nothing. With the window at half a tempo and weights set
 * every `weights_rate_limit` blocks, an offline miner is unpaid from the second epoch after it
 * stopped at the latest, whatever the step interval or the EMA factor. Once it answers again
 * it starts from 0 and earns as it proves itself, like a newcomer.
 */
export interface SilenceWatch {
  /** Records how a query to `uid` (held by `hotkey`) ended at `block`. */
  observe(uid: number, hotkey: string, ok: boolean, block: number): void;
  /** Whether `uid` has been silent for at least `windowBlocks` blocks at `block`. */
  silent(uid: number, block: number, windowBlocks: number): boolean;
}

/** Half a tempo, at least one block: the window the validator applies. */
export function silenceWindow(tempo: number, tempos: number): number {
  return Math.max(1, Math.floor(tempo * tempos));
}

export function createSilenceWatch(): SilenceWatch {
  /** Per uid: the hotkey it was seen with, and the block of its first miss since its last answer. */
  const state = new Map<number, { hotkey: string; firstMiss: number | null }>();
  return {
    observe(uid, hotkey, ok, block) {
      const old = state.get(uid);
      const fresh = old === undefined || old.hotkey !== hotkey;
      const firstMiss = ok ? null : fresh || old.firstMiss === null ? block : old.firstMiss;
      state.set(uid, { hotkey, firstMiss });
    },
    silent(uid, block, windowBlocks) {
      const firstMiss = state.get(uid)?.firstMiss ?? null;
      return firstMiss !== null && block - firstMiss >= windowBlocks;
    },
  };
}
