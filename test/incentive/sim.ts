import type { NeuronInfo } from "../../chain/client/types.js";
import type { ScoreRecord } from "../../node/store/index.js";
import {
  createFirstWeightsGate,
  createSilenceWatch,
  foldScores,
  judgeRound,
  type SilenceWatch,
  scoresToWeights,
} from "../../node/validator/index.js";
import type { Challenge, ScoredItem, SubnetValidator } from "../../subnets/sdk/interface.js";
import { yumaIncentive } from "./yuma.js";

/** What a simulated miner plays: honest work, honest but slow, a cheat, or honest until it goes offline. */
export type MinerKind = "honest" | "slow" | "cheat" | "offline";

export interface AnswerContext {
  block: number;
  /** Which validator asks (0-based). */
  validator: number;
  /** The tempo index (block / (tempo + 1)), for miners that flap by tempo. */
  tempoIndex: number;
}

export interface SimMiner<Req, Res> {
  name: string;
  kind: MinerKind;
  /** The answer and the latency the validator measures; null: no answer (offline, timeout). */
  answer(challenge: Challenge<Req>, ctx: AnswerContext): Promise<{ response: Res; latencyMs: number } | null>;
}

export interface SimOptions<Req, Res> {
  validators: Array<SubnetValidator<Req, Res>>;
  /** Validators' stakes (uids 0..V-1); miners take the uids after them. */
  stakes: number[];
  miners: Array<SimMiner<Req, Res>>;
  tempo: number;
  /** Blocks between two validator steps (weights are set after every step). */
  stepBlocks: number;
  epochs: number;
  /** The node's EMA factor (validator.alpha). */
  alpha: number;
  netuid?: number;
  /** ms per block: the subnets' penalty clocks run on block time. */
  blockMs: number;
  /** Set by the test so the validators' clocks follow the simulated blocks. */
  clock: { now: number };
}

export interface EpochResult {
  epoch: number;
  block: number;
  /** Per miner (in `miners` order). */
  incentive: number[];
}

/**
 * Runs validators' real scoring (the subnet's `score` plus the node's judgeRound, foldScores, the
 * first-weights gate and scoresToWeights) against simulated miners, block by block, and at each epoch block computes
 * miner incentive from the validators' latest weights with Yuma. No chain, no network: the
 * answers are what the miners would send, the latencies what a validator would measure.
 */
export async function simulate<Req, Res>(options: SimOptions<Req, Res>): Promise<EpochResult[]> {
  const { validators, stakes, miners, tempo, stepBlocks, alpha } = options;
  const netuid = options.netuid ?? 1;
  const v = validators.length;
  const neurons = [...stakes.map((_, i) => `validator-${i}`), ...miners.map((m) => m.name)].map(
    (hotkey, uid) => ({ uid, hotkey }) as NeuronInfo,
  );
  const n = neurons.length;
  const state = validators.map(() => ({
    scores: new Map<number, ScoreRecord>(),
    silence: createSilenceWatch() as SilenceWatch,
    gate: createFirstWeightsGate(30),
    row: new Array<number>(n).fill(0),
  }));
  const results: EpochResult[] = [];
  const epochBlock = (b: number) => (b + netuid + 1) % (tempo + 1) === 0;
  for (let block = 1; results.length < options.epochs; block++) {
    options.clock.now = block * options.blockMs;
    if (block % stepBlocks === 0) {
      for (const [vi, validator] of validators.entries()) {
        const items: Array<ScoredItem<Req, Res>> = [];
        for (const [mi, miner] of miners.entries()) {
          const challenge = await validator.challenge();
          const answer = await miner.answer(challenge, { block, validator: vi, tempoIndex: Math.floor(block / (tempo + 1)) });
          items.push({
            uid: v + mi,
            challenge,
            outcome: answer
              ? { ok: true, response: answer.response, latencyMs: answer.latencyMs, processingMs: answer.latencyMs }
              : { ok: false, reason: "connection", message: "offline", latencyMs: 1 },
          });
        }
        const rewards = await validator.score(items);
        const s = state[vi] as (typeof state)[number];
        const judged = judgeRound(
          items.map((item) => ({ uid: item.uid, ok: item.outcome.ok })),
          rewards,
          { neurons, block, tempo, silence: s.silence, silenceTempos: 0.5, uptime: null },
        );
        s.scores = foldScores(s.scores, neurons, judged, alpha);
        const answered = items.filter((item) => item.outcome.ok).map((item) => item.uid);
        if (!s.gate.ready(answered, s.scores)) continue;
        const weights = scoresToWeights(new Map([...s.scores].map(([uid, r]) => [uid, r.score])), n, 1, 65535);
        // No positive score: the validator sets nothing and its last weights stand.
        if (weights !== null) {
          s.row = new Array<number>(n).fill(0);
          weights.uids.forEach((uid, i) => {
            s.row[uid] = weights.values[i] as number;
          });
        }
      }
    }
    if (epochBlock(block)) {
      const incentive = yumaIncentive(
        state.map((s) => s.row),
        stakes.concat(miners.map(() => 0)),
      );
      results.push({ epoch: results.length, block, incentive: incentive.slice(v) });
    }
  }
  return results;
}

/** A table of the run for failure messages: one line per epoch, incentives per miner. */
export function describeRun(results: EpochResult[], miners: ReadonlyArray<{ name: string }>): string {
  const head = `epoch ${miners.map((m) => m.name.padStart(9)).join(" ")}`;
  const lines = results.map(
    (r) => `${String(r.epoch).padStart(5)} ${r.incentive.map((x) => x.toFixed(4).padStart(9)).join(" ")}`,
  );
  return [head, ...lines].join("\n");
}
