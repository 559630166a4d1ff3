import type { z } from "zod";
import type { InferenceEngineFactory } from "../../lib/inference.js";
import type { Logger } from "../../lib/logger.js";

/**
 * A subnet is an incentive mechanism: what a validator asks, how a miner answers, how answers
 * are scored. It is pure code over this small interface; transport, chain and storage belong
 * to the node. Payloads are JSON values validated by the subnet's zod schemas on both sides
 * (binary data travels base64-encoded).
 */
export interface SubnetDefinition<Req = unknown, Res = unknown> {
  /** Short name used in configs and the CLI, e.g. "ocr". */
  readonly name: string;
  /** Bumped when the request/response schema changes incompatibly. */
  readonly version: number;
  readonly requestSchema: z.ZodType<Req>;
  readonly responseSchema: z.ZodType<Res>;
  /** Hyperparameters the subnet owner is advised to set (e.g. a longer timeout for big models). */
  readonly suggestedHyperparameters?: Record<string, number | bigint | boolean>;
  /** Deadline a validator should give one query, in ms. */
  readonly queryTimeoutMs: number;
  createMiner(context: SubnetContext): Promise<SubnetMiner<Req, Res>>;
  createValidator(context: SubnetContext): Promise<SubnetValidator<Req, Res>>;
}

export interface SubnetContext {
  logger: Logger;
  /** Free-form per-subnet options from the node config (validated by the subnet itself). */
  options?: Record<string, unknown>;
  /**
   * How a subnet that runs models gets an engine: the contract is lib/inference.ts, the node
   * fulfils it with onnxruntime. Subnets that run no model ignore it (their tests pass
   * `noInference()`).
   */
  inference: InferenceEngineFactory;
}

export interface CallerInfo {
  uid: number;
  hotkey: string;
  stake: bigint;
}

export interface SubnetMiner<Req, Res> {
  /** Answer one request. Must respect `signal` (the node aborts at the deadline). */
  handle(request: Req, context: { signal: AbortSignal; caller: CallerInfo }): Promise<Res>;
  close(): Promise<void>;
}

/** One challenge for one miner; `secret` (e.g. the ground truth) never leaves the validator. */
export interface Challenge<Req> {
  request: Req;
  secret: unknown;
}

/** How a query ended, as the node's validator loop reports it; never thrown. */
export type QueryOutcome<Res> =
  | { ok: true; response: Res; latencyMs: number; processingMs: number }
  | {
      ok: false;
      reason: "timeout" | "refused" | "busy" | "bad_payload" | "connection" | "error";
      message: string;
      latencyMs: number;
    };

export interface ScoredItem<Req, Res> {
  uid: number;
  challenge: Challenge<Req>;
  outcome: QueryOutcome<Res>;
}

/**
 * The reward for an answer the subnet proved dishonest (wrong outputs it verified, a replay, text
 * its boxes do not hold). Unlike a reward of 0, which the node folds into the miner's moving
 * average, CAUGHT resets that average to 0: a cheater cannot live off the score it built while
 * unchecked. A miner's expected score from cheating is then at most its score between two checks.
 */
export const CAUGHT = -1;

/**
 * The reward for an answer the subnet has not judged (not re-executed): the node leaves the
 * miner's moving average as it is. A subnet that pays only for verified work returns it for the
 * answers it did not verify, so a cheater's unchecked answers are never paid.
 */
export const PENDING = Number.NaN;

/** Whether a reward is PENDING (NaN). */
export function isPending(reward: number): boolean {
  return Number.isNaN(reward);
}

/** Whether a reward is the CAUGHT verdict (any negative number counts, so arithmetic on it cannot hide it). */
export function isCaught(reward: number): boolean {
  return reward < 0;
}

export interface SubnetValidator<Req, Res> {
  /** A fresh challenge for one miner. */
  challenge(): Promise<Challenge<Req>>;
  /**
   * Rewards in [0, 1], CAUGHT or PENDING, one per item, same order. Scoring a whole round at once
   * lets a subnet spot copies.
   */
  score(items: Array<ScoredItem<Req, Res>>): Promise<number[]>;
  close(): Promise<void>;
}
