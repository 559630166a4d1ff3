import type { NeuronInfo } from "../../chain/client/types.js";
import { CAUGHT, isCaught, isPending } from "../../subnets/sdk/interface.js";
import { type SilenceWatch, silenceWindow } from "./silence.js";

/** The part of subnets/availability's UptimeTracker a round uses. */
export interface UptimeRecorder {
  record(uid: number, ok: boolean): void;
  apply(uid: number, score: number): number;
  forget(uid: number): void;
}

export interface RoundContext {
  neurons: readonly NeuronInfo[];
  /** The block the round ran at and the subnet's tempo: the silence rule counts in blocks. */
  block: number;
  tempo: number;
  silence: SilenceWatch;
  /** Silence window and probation, in tempos (silence.ts). */
  silenceTempos: number;
  uptime: UptimeRecorder | null;
}

/**
 * Turns one round's outcomes and the subnet's rewards into what the moving average folds in,
 * per uid: the silence rule first (a silent miner is CAUGHT, one back from silence earns 0 on
 * probation), then CAUGHT as is, PENDING left out (the average stays), and the rest times uptime.
 */
export function judgeRound(
  items: ReadonlyArray<{ uid: number; ok: boolean }>,
  rewards: readonly number[],
  ctx: RoundContext,
): Map<number, number> {
  const hotkeys = new Map(ctx.neurons.map((n) => [n.uid, n.hotkey]));
  const window = silenceWindow(ctx.tempo, ctx.silenceTempos);
  const out = new Map<number, number>();
  items.forEach((item, i) => {
    ctx.silence.observe(item.uid, hotkeys.get(item.uid) ?? "", item.ok, ctx.block);
    ctx.uptime?.record(item.uid, item.ok);
    const reward = rewards[i] ?? 0;
    if (ctx.silence.silent(item.uid, ctx.block, window)) out.set(item.uid, CAUGHT);
    // Probation: one whole epoch period (tempo + 1 blocks) of answers since it came back.
    else if (ctx.silence.onProbation(item.uid, ctx.block, ctx.tempo + 1)) out.set(item.uid, 0);
    else if (isCaught(reward)) out.set(item.uid, CAUGHT);
    else if (isPending(reward)) return;
    else out.set(item.uid, ctx.uptime === null ? reward : ctx.uptime.apply(item.uid, reward));
  });
  return out;
}
