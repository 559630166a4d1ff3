/**
 * The silence rule, in the chain's time: a miner that has not answered a query for
 * `windowBlocks` blocks (measured from its first unanswered query, so a miner that was simply
 * not sampled is not silent) scores CAUGHT, i.e. its moving average drops to 0 and the next
 * weights the validator sets give it nothing. With the window at half a tempo and weights set
 * every `weights_rate_limit` blocks, an offline miner is unpaid from the second epoch after it
 * stopped at the latest, whatever the step interval or the EMA factor. Once it answers again
 * it is on probation: it earns nothing until it has answered for a whole epoch period
 * (tempo + 1 blocks), so a miner that serves only every other tempo never earns, and one that came back
 * for good earns again from 0 as it proves itself.
 */
export interface SilenceWatch {
  /** Records how a query to `uid` (held by `hotkey`) ended at `block`. */
  observe(uid: number, hotkey: string, ok: boolean, block: number): void;
  /** Whether `uid` has been silent for at least `windowBlocks` blocks at `block` (it is then marked silenced). */
  silent(uid: number, block: number, windowBlocks: number): boolean;
  /** Whether `uid` was silenced and has not yet answered for `blocks` blocks since it came back. */
  onProbation(uid: number, block: number, blocks: number): boolean;
}

/** Half a tempo, at least one block: the window the validator applies. */
export function silenceWindow(tempo: number, tempos: number): number {
  return Math.max(1, Math.floor(tempo * tempos));
}

export function createSilenceWatch(): SilenceWatch {
  /**
   * Per uid: the hotkey it was seen with, the block of its first miss since its last answer,
   * whether it was silenced, and the block it answered first after that.
   */
  const state = new Map<number, { hotkey: string; firstMiss: number | null; silenced: boolean; backSince: number | null }>();
  return {
    observe(uid, hotkey, ok, block) {
      const old = state.get(uid);
      if (old === undefined || old.hotkey !== hotkey) {
        state.set(uid, { hotkey, firstMiss: ok ? null : block, silenced: false, backSince: null });
        return;
      }
      if (ok) {
        old.firstMiss = null;
        if (old.silenced && old.backSince === null) old.backSince = block;
      } else {
        old.firstMiss ??= block;
        // A miss during probation starts it over.
        old.backSince = null;
      }
    },
    silent(uid, block, windowBlocks) {
      const s = state.get(uid);
      const silent = s !== undefined && s.firstMiss !== null && block - s.firstMiss >= windowBlocks;
      if (silent && s) {
        s.silenced = true;
        s.backSince = null;
      }
      return silent;
    },
    onProbation(uid, block, blocks) {
      const s = state.get(uid);
      if (s === undefined || !s.silenced) return false;
      if (s.backSince !== null && block - s.backSince >= blocks) {
        s.silenced = false;
        s.backSince = null;
        return false;
      }
      return true;
    },
  };
}
