import { randomInt } from "node:crypto";
import type { ChainClient, ChainSigner } from "../../chain/client/interface.js";
import type { Metagraph } from "../../chain/client/types.js";
import type { Logger } from "../../lib/logger.js";
import type { Metrics } from "../metrics/index.js";
import type { MetaRepository } from "../store/index.js";
import type { WeightRow } from "./weights.js";

/** Computes the commit hash `commit_weights` expects (chain/client's weightsCommitHash). */
export type CommitHashFn = (
  hotkey: string,
  netuid: number,
  uids: number[],
  values: number[],
  salt: number[],
  versionKey: bigint,
) => Uint8Array;

interface PendingCommit extends WeightRow {
  salt: number[];
  versionKey: bigint;
  block: number;
}

export interface WeightSetterDeps {
  chain: ChainClient;
  signer: ChainSigner;
  meta: MetaRepository;
  commitHash: CommitHashFn;
  metrics: Metrics | null;
  logger: Logger;
}

export type WeightAction = "set" | "commit" | "reveal" | "wait" | "none";

/** The subnet's epoch counter, as the runtime computes it (chain.md). */
export function epochIndex(block: number, netuid: number, tempo: number): number {
  return Math.floor((block + netuid + 1) / (tempo + 1));
}

/**
 * Sets weights at most once per `weights_rate_limit` blocks, counting from the later of the block
 * we persisted and the chain's own `last_update` for our uid, so a restart can never set twice
 * inside the limit. With commit-reveal on, commits instead and reveals in the reveal epoch.
 */
export function createWeightSetter(netuid: number, deps: WeightSetterDeps) {
  const lastKey = `weights/${netuid}/last-block`;
  const commitKey = `weights/${netuid}/pending-commit`;

  async function lastSetBlock(graph: Metagraph): Promise<number> {
    const stored = (await deps.meta.get<number>(lastKey)) ?? 0;
    const self = graph.neurons.find((n) => n.hotkey === deps.signer.address);
    return Math.max(stored, self?.lastUpdate ?? 0);
  }

  async function maybeReveal(graph: Metagraph, block: number): Promise<WeightAction | null> {
    const pending = await deps.meta.get<PendingCommit>(commitKey);
    if (pending === null) return null;
    const { tempo, revealPeriodEpochs } = graph.hyperparameters;
    const revealEpoch = epochIndex(pending.block, netuid, tempo) + Number(revealPeriodEpochs);
    const now = epochIndex(block, netuid, tempo);
    if (now < revealEpoch) return "wait";
    if (now > revealEpoch) {
      deps.logger.warn({ netuid, commitBlock: pending.block }, "weight commit expired before it was revealed; dropping it");
      await deps.meta.del(commitKey);
      return null;
    }
    await deps.chain.revealWeights(deps.signer, netuid, pending.uids, pending.values, pending.salt, BigInt(pending.versionKey));
    await deps.meta.del(commitKey);
    deps.metrics?.weightsSet(netuid, "reveal");
    deps.logger.info({ netuid, uids: pending.uids.length }, "weights revealed");
    return "reveal";
  }

  return {
    /** Does what is due at `block`: nothing, set, commit or reveal. Chain errors propagate. */
    async apply(graph: Metagraph, block: number, row: WeightRow | null): Promise<WeightAction> {
      const h = graph.hyperparameters;
      if (h.commitRevealEnabled) {
        const revealed = await maybeReveal(graph, block);
        if (revealed !== null) return revealed;
      }
      if (row === null) return "none";
      const last = await lastSetBlock(graph);
      if (last !== 0 && BigInt(block - last) < h.weightsRateLimit) return "wait";
      if (h.commitRevealEnabled) {
        const salt = Array.from({ length: 8 }, () => randomInt(0, 65536));
        const hash = deps.commitHash(deps.signer.address, netuid, row.uids, row.values, salt, h.weightsVersionKey);
        // Persist the salt before the commit lands: a crash in between must still be able to reveal.
        await deps.meta.put(commitKey, { ...row, salt, versionKey: h.weightsVersionKey, block } satisfies PendingCommit);
        await deps.chain.commitWeights(deps.signer, netuid, hash);
        await deps.meta.put(lastKey, block);
        deps.metrics?.weightsSet(netuid, "commit");
        deps.logger.info({ netuid, block, uids: row.uids.length }, "weights committed");
        return "commit";
      }
      await deps.chain.setWeights(deps.signer, netuid, row.uids, row.values, h.weightsVersionKey);
      await deps.meta.put(lastKey, block);
      deps.metrics?.weightsSet(netuid, "set");
      deps.logger.info({ netuid, block, uids: row.uids.length }, "weights set");
      return "set";
    },
  };
}

export type WeightSetter = ReturnType<typeof createWeightSetter>;
