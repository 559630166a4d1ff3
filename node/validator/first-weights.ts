/**
 * A validator's first weights wait until it has judged every miner that answers it (each has a
 * score, even 0), at most `maxRounds` rounds. Subnets that pay only verified work leave a
 * miner unscored until its first check; weights set before that would pay whichever miners
 * happened to be checked first (measured live: the slow miner alone, in the first paid epoch),
 * not the honest ones. After the first weights the gate is open for good: holding weights back
 * later would keep paying, through the chain's stale weights, a miner that has since gone.
 */
export interface FirstWeightsGate {
  /** Whether weights may be set, given the uids that answered this round and the scores now. */
  ready(answered: readonly number[], scores: ReadonlyMap<number, unknown>): boolean;
}

export function createFirstWeightsGate(maxRounds: number): FirstWeightsGate {
  let open = false;
  let rounds = 0;
  return {
    ready(answered, scores) {
      if (open) return true;
      rounds++;
      // A round nobody answered (the first, before any miner is dialed) judges nobody: keep waiting.
      open = rounds >= maxRounds || (answered.length > 0 && answered.every((uid) => scores.has(uid)));
      return open;
    },
  };
}
