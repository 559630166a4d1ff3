import type { NeuronInfo } from "../../chain/client/types.js";
import { isCaught } from "../../subnets/sdk/interface.js";
import type { ScoreRecord } from "../store/index.js";

/**
 * Folds one round of rewards into the per-uid moving average:
 * score = alpha * reward + (1 - alpha) * score. A uid whose hotkey changed since it was scored
 * (deregistered and replaced) starts again from 0; uids gone from the metagraph are dropped;
 * uids not queried this round keep their score. A CAUGHT reward (negative: the subnet proved the
 * answer dishonest, or the miner fell silent) resets the score to 0 instead of folding in a 0.
 */
export function foldScores(
  previous: ReadonlyMap<number, ScoreRecord>,
  neurons: readonly NeuronInfo[],
  rewards: ReadonlyMap<number, number>,
  alpha: number,
): Map<number, ScoreRecord> {
  const next = new Map<number, ScoreRecord>();
  for (const neuron of neurons) {
    const old = previous.get(neuron.uid);
    const base = old !== undefined && old.hotkey === neuron.hotkey ? old.score : 0;
    const reward = rewards.get(neuron.uid);
    if (reward === undefined) {
      if (old !== undefined && old.hotkey === neuron.hotkey) next.set(neuron.uid, { hotkey: neuron.hotkey, score: base });
      continue;
    }
    if (isCaught(reward)) {
      next.set(neuron.uid, { hotkey: neuron.hotkey, score: 0 });
      continue;
    }
    const clamped = Number.isFinite(reward) ? Math.min(1, Math.max(0, reward)) : 0;
    next.set(neuron.uid, { hotkey: neuron.hotkey, score: alpha * clamped + (1 - alpha) * base });
  }
  return next;
}
