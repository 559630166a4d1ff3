import type { ChainClient, ChainSigner } from "../../chain/client/interface.js";
import type { Metagraph, NeuronInfo } from "../../chain/client/types.js";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/logger.js";
import type { ScoredItem, SubnetDefinition, SubnetValidator } from "../../subnets/sdk/interface.js";
import { inferenceEngineFactory } from "../inference/index.js";
import { createMetagraphSync, type MetagraphView, shareKnownPeers } from "../metagraph/index.js";
import type { Metrics } from "../metrics/index.js";
import {
  createDendrite,
  createNonceSource,
  type Dendrite,
  type Network,
  type QueryTarget,
  type SigningMode,
} from "../network/index.js";
import { MetaRepository, type ScoreRecord, ScoreRepository, type Store } from "../store/index.js";
import { createFirstWeightsGate } from "./first-weights.js";
import { judgeRound, type UptimeRecorder } from "./round.js";
import { foldScores } from "./scores.js";
import { createSilenceWatch } from "./silence.js";
import { type CommitHashFn, createWeightSetter, type WeightAction } from "./weight-setter.js";
import { scoresToWeights } from "./weights.js";

export interface ValidatorOptions {
  netuid: number;
  /** EMA factor: score = alpha * reward + (1 - alpha) * score. */
  alpha: number;
  /** Pause between steps; 0 = no loop, steps run only when `step()` is called (tests). */
  stepIntervalMs: number;
  /** Miners asked per step; 0 = all. */
  sampleSize: number;
  maxInFlight: number;
  /** Per-query deadline; null = the subnet's own `queryTimeoutMs`. */
  queryTimeoutMs: number | null;
  /** How requests are signed (default "session"; see node/network/query/session.ts). */
  signing?: SigningMode;
  /** Free-form options handed to the subnet. */
  subnetOptions?: Record<string, unknown>;
  /** A miner that answers no query for this many tempos scores 0 (silence.ts); default 0.5. */
  silenceTempos?: number;
}

export interface ValidatorDeps {
  chain: ChainClient;
  network: Network;
  signer: ChainSigner;
  store: Store;
  subnet: SubnetDefinition<unknown, unknown>;
  commitHash: CommitHashFn;
  /** Availability: every outcome is a probe, and rewards are multiplied by the miner's uptime. */
  uptime?: UptimeRecorder | null;
  metrics: Metrics | null;
  logger: Logger;
}

export type { UptimeRecorder };

export interface StepReport {
  block: number;
  queried: number;
  answered: number;
  rewards: Map<number, number>;
  weights: WeightAction;
}

export interface ValidatorRole {
  start(): Promise<void>;
  /** Stops after the current step (its queries finish or time out); scores are already saved. */
  stop(): Promise<void>;
  /** One step now (tests drive steps by hand). */
  step(): Promise<StepReport | null>;
  scores(): ReadonlyMap<number, ScoreRecord>;
  readonly metagraph: MetagraphView;
}

/**
 * The validator loop for one subnet: sync the metagraph, challenge a sample of miners, score
 * the answers, fold them into the stored moving average, and set weights when the rate limit
 * allows. Each step's scores are saved before weights are attempted.
 */
export function createValidator(options: ValidatorOptions, deps: ValidatorDeps): ValidatorRole {
  const { netuid } = options;
  const log = deps.logger;
  const scoresRepo = new ScoreRepository(deps.store);
  const weights = createWeightSetter(netuid, {
    chain: deps.chain,
    signer: deps.signer,
    meta: new MetaRepository(deps.store),
    commitHash: deps.commitHash,
    metrics: deps.metrics,
    logger: log,
  });
  // Steps re-read the metagraph themselves; the timer only covers long pauses between steps.
  const metagraph = createMetagraphSync(
    { netuid, intervalMs: 60_000 },
    { chain: deps.chain, logger: log, onChainError: () => deps.metrics?.chainError("get_metagraph") },
  );
  let unshare = (): void => undefined;
  const dendrite: Dendrite = createDendrite(
    { netuid, maxInFlight: options.maxInFlight, signing: options.signing },
    {
      network: deps.network,
      signer: deps.signer,
      nonces: createNonceSource(),
      responseSchema: deps.subnet.responseSchema,
      metrics: deps.metrics,
      logger: log,
    },
  );
  const silence = createSilenceWatch();
  // 30 rounds: at a 20% sample every answering miner is checked once with p > 0.99 for 8 miners.
  const firstWeights = createFirstWeightsGate(30);
  let subnetValidator: SubnetValidator<unknown, unknown> | null = null;
  let scores = new Map<number, ScoreRecord>();
  let knownPeers = new Set<string>();
  let running = false;
  let loop: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let current: Promise<StepReport | null> | null = null;
  const timeoutMs = options.queryTimeoutMs ?? deps.subnet.queryTimeoutMs;

  const targetsOf = (graph: Metagraph): QueryTarget[] =>
    graph.neurons
      .filter(
        (n): n is NeuronInfo & { endpoint: NonNullable<NeuronInfo["endpoint"]> } =>
          n.endpoint !== null && n.endpoint.peerId.length > 0,
      )
      .filter((n) => n.hotkey !== deps.signer.address && n.endpoint.peerId !== deps.network.peerId)
      .map((n) => ({ uid: n.uid, hotkey: n.hotkey, peer: { peerId: n.endpoint.peerId, multiaddrs: n.endpoint.multiaddrs } }));

  /** Dials miners that are new since the last sync, so handshakes stay off the query path. */
  async function syncPeers(targets: QueryTarget[]): Promise<void> {
    const now = new Set(targets.map((t) => t.peer.peerId));
    const fresh = targets.filter((t) => !knownPeers.has(t.peer.peerId));
    knownPeers = now;
    if (fresh.length > 0) {
      const connected = await dendrite.warm(fresh, timeoutMs);
      log.info({ netuid, new: fresh.length, connected }, "connected to new miners");
    }
    await deps.network.prune(now).catch((err: unknown) => log.debug({ err: errorMessage(err) }, "prune failed"));
  }

  function sample<T>(items: T[], size: number): T[] {
    if (size <= 0 || size >= items.length) return items;
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(Math.random() * (i + 1));
      [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
    }
    return copy.slice(0, size);
  }

  async function runStep(): Promise<StepReport | null> {
    const started = performance.now();
    const graph = await metagraph.refresh();
    if (graph === null || subnetValidator === null) return null;
    const targets = targetsOf(graph);
    await syncPeers(targets);
    const chosen = sample(targets, options.sampleSize);
    const challenges = await Promise.all(chosen.map(() => (subnetValidator as SubnetValidator<unknown, unknown>).challenge()));
    const outcomes = await dendrite.query(
      chosen.map((target, i) => ({ target, request: challenges[i]?.request })),
      timeoutMs,
    );
    const items: Array<ScoredItem<unknown, unknown>> = chosen.map((target, i) => ({
      uid: target.uid,
      challenge: challenges[i] as ScoredItem<unknown, unknown>["challenge"],
      outcome: outcomes[i] as ScoredItem<unknown, unknown>["outcome"],
    }));
    const uptime = deps.uptime ?? null;
    if (uptime !== null) {
      for (const neuron of graph.neurons) {
        const old = scores.get(neuron.uid);
        if (old !== undefined && old.hotkey !== neuron.hotkey) uptime.forget(neuron.uid);
      }
    }
    const rewardList = items.length > 0 ? await subnetValidator.score(items) : [];
    const rewards = judgeRound(
      items.map((item) => ({ uid: item.uid, ok: item.outcome.ok })),
      rewardList,
      {
        neurons: graph.neurons,
        block: graph.block,
        tempo: graph.hyperparameters.tempo,
        silence,
        silenceTempos: options.silenceTempos ?? 0.5,
        uptime,
      },
    );
    scores = foldScores(scores, graph.neurons, rewards, options.alpha);
    await scoresRepo.save(netuid, scores);
    for (const [uid, record] of scores) deps.metrics?.score(netuid, uid, record.score);

    let action: WeightAction = "none";
    let block = graph.block;
    const answeredUids = items.filter((item) => item.outcome.ok).map((item) => item.uid);
    try {
      block = await deps.chain.getBlockNumber();
      if (firstWeights.ready(answeredUids, scores)) {
        const row = scoresToWeights(
          new Map([...scores].map(([uid, r]) => [uid, r.score])),
          graph.neurons.length,
          graph.hyperparameters.minAllowedWeights,
          graph.hyperparameters.maxWeightLimit,
        );
        action = await weights.apply(graph, block, row);
      } else log.info({ netuid }, "first weights wait until every answering miner is judged");
    } catch (err) {
      deps.metrics?.chainError("set_weights");
      log.warn({ netuid, err: errorMessage(err) }, "setting weights failed; will retry next step");
    }
    const answered = outcomes.filter((o) => o.ok).length;
    deps.metrics?.step(netuid, (performance.now() - started) / 1000);
    log.info(
      { netuid, block, queried: chosen.length, answered, weights: action, ms: Math.round(performance.now() - started) },
      "validator step",
    );
    return { block, queried: chosen.length, answered, rewards, weights: action };
  }

  const step = (): Promise<StepReport | null> => {
    // Steps never overlap: a manual step during the loop's step waits for it.
    const next = (current ?? Promise.resolve(null)).catch(() => null).then(() => runStep());
    current = next;
    return next;
  };

  return {
    metagraph,
    scores: () => scores,
    step,

    async start() {
      scores = await scoresRepo.load(netuid);
      log.info({ netuid, uids: scores.size }, "scores restored");
      const subnetLog = log.child({ subnet: deps.subnet.name });
      subnetValidator = await deps.subnet.createValidator({
        logger: subnetLog,
        options: options.subnetOptions,
        inference: inferenceEngineFactory({ logger: subnetLog }),
      });
      unshare = shareKnownPeers(metagraph, deps.network);
      await metagraph.start();
      running = options.stepIntervalMs > 0;
      if (!running) return;
      loop = (async () => {
        while (running) {
          try {
            await step();
          } catch (err) {
            log.error({ netuid, err }, "validator step failed");
          }
          if (!running) break;
          await new Promise<void>((resolve) => {
            const timer = setTimeout(resolve, options.stepIntervalMs);
            wake = () => {
              clearTimeout(timer);
              resolve();
            };
          });
          wake = null;
        }
      })();
    },

    async stop() {
      running = false;
      wake?.();
      await loop;
      await current?.catch(() => null);
      await metagraph.stop();
      unshare();
      await subnetValidator?.close();
      subnetValidator = null;
    },
  };
}
