/**
 * The silence rule, in the chain's time: a miner that has not answered a query for
 * `windowBlocks` blocks (measured from its first unanswered query, so a miner that was simply
 * not sampled is not silent) scores CAUGHT, i.e. its moving average drops to 0 and the next
 * weights the validator sets give it nothing. With the window at half a tempo and weights set
 * every `weights_rate_limit` blocks, an offline miner is unpaid from the second epoch after it
 * stopped at the latest, whatever the step interval or the EMA factor. Once it answers again
 * it is on probation: it earns nothing until it has answered without a miss for its probation
 * (`onProbation(..., blocks)`, one epoch period for a first silence), so a miner that serves
 * only every other tempo never earns. Each silence within a short time of the last doubles the
 * probation (strikes, up to 64 periods): a miner flapping on any period longer than a tempo
 * soon never clears it, while one that came back for good earns again from 0 as it proves
 * itself, and after 8 periods of unbroken service its strikes are forgiven.
 */
export interface SilenceWatch {
  /** Records how a query to `uid` (held by `hotkey`) ended at `block`. */
  observe(uid: number, hotkey: string, ok: boolean, block: number): void;
  /** Whether `uid` has been silent for at least `windowBlocks` blocks at `block` (it is then marked silenced). */
  silent(uid: number, block: number, windowBlocks: number): boolean;
  /**
   * Whether `uid` was silenced and has not yet answered for its probation since it came back:
   * `blocks` times 2^(strikes - 1), strikes counting silences not forgiven.
   */
  onProbation(uid: number, block: number, blocks: number): boolean;
}

/** Half a tempo, at least one block: the window the validator applies. */
export function silenceWindow(tempo: number, tempos: number): number {
  return Math.max(1, Math.floor(tempo * tempos));
}

/** Probation doubles per strike up to 2^6 = 64 periods. */
const MAX_STRIKES = 7;
/** Periods of unbroken service after a probation that forgive the strikes. */
const FORGIVE = 8;

export function createSilenceWatch(): SilenceWatch {
  /**
   * Per uid: the hotkey it was seen with, the block of its first miss since its last answer,
   * whether it is silenced, the block it answered first after that, its strikes (silences not
   * yet forgiven) and the block its last probation ended.
   */
  const state = new Map<
    number,
    {
      hotkey: string;
      firstMiss: number | null;
      silenced: boolean;
      backSince: number | null;
      strikes: number;
      clearedAt: number | null;
    }
  >();
  const fresh = (hotkey: string, firstMiss: number | null) => ({
    hotkey,
    firstMiss,
    silenced: false,
    backSince: null,
    strikes: 0,
    clearedAt: null,
  });
  return {
    observe(uid, hotkey, ok, block) {
      const old = state.get(uid);
      if (old === undefined || old.hotkey !== hotkey) {
        state.set(uid, fresh(hotkey, ok ? null : block));
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
      if (silent && s && !s.silenced) {
        s.silenced = true;
        s.backSince = null;
        s.strikes = Math.min(s.strikes + 1, MAX_STRIKES);
      }
      return silent;
    },
    onProbation(uid, block, blocks) {
      const s = state.get(uid);
      if (s === undefined) return false;
      if (!s.silenced) {
        // Unbroken service for FORGIVE probation periods since the last one ended: strikes forgiven.
        if (s.strikes > 0 && s.clearedAt !== null && s.firstMiss === null && block - s.clearedAt >= FORGIVE * blocks) {
          s.strikes = 0;
          s.clearedAt = null;
        }
        return false;
      }
      const probation = blocks * 2 ** Math.max(0, s.strikes - 1);
      if (s.backSince !== null && block - s.backSince >= probation) {
        s.silenced = false;
        s.backSince = null;
        s.clearedAt = block;
        return false;
      }
      return true;
    },
  };
}
