import type { ApiPromise } from "@polkadot/api";
import type { SubmittableExtrinsic } from "@polkadot/api/types";
import type { KeyringPair } from "@polkadot/keyring/types";
import type { DispatchError, EventRecord } from "@polkadot/types/interfaces";
import type { ISubmittableResult } from "@polkadot/types/types";
import type { Logger } from "../../lib/logger.js";
import { ChainError } from "./errors.js";
import type { ChainSigner } from "./interface.js";
import type { ChainEvent, TxOptions, TxResult } from "./types.js";

type Extrinsic = SubmittableExtrinsic<"promise">;

/** Turn a dispatch error into a typed ChainError naming the pallet error and its docs. */
export function decodeDispatchError(api: ApiPromise, err: DispatchError): ChainError {
  if (err.isModule) {
    try {
      const meta = api.registry.findMetaError(err.asModule);
      const pallet = meta.section.charAt(0).toUpperCase() + meta.section.slice(1);
      const docs = meta.docs.join(" ").trim();
      return new ChainError(
        { code: "DISPATCH", pallet, name: meta.name, docs },
        `${pallet}.${meta.name}${docs ? `: ${docs}` : ""}`,
      );
    } catch {
      // Metadata without this error (should not happen): fall through to the generic form.
    }
  }
  const kind = err.type;
  const detail = JSON.stringify(err.toHuman());
  return new ChainError({ code: "DISPATCH_OTHER", kind, detail }, `dispatch error ${kind}: ${detail}`);
}

/** What a pool refusal (RPC error 1010) says, in either engine's wording. */
export type PoolRefusal = { kind: "payment" } | { kind: "custom"; code: number } | null;

/**
 * Chopsticks words a refusal `1010: {"invalid":{"custom":15}}` / `{"invalid":{"payment":null}}`,
 * a Substrate node `1010: Invalid Transaction: Custom error: 15` / `... Inability to pay some
 * fees (e.g. account balance too low)`.
 */
export function parsePoolRefusal(reason: string): PoolRefusal {
  if (!/\b1010\b/.test(reason)) return null;
  const custom = /custom\W{0,4}(?:error\W{0,2})?(\d+)/i.exec(reason);
  if (custom?.[1] !== undefined) return { kind: "custom", code: Number(custom[1]) };
  if (/payment|inability to pay/i.test(reason)) return { kind: "payment" };
  return null;
}

/** What to do about the Subnets errors a fee-free hotkey call is refused with at validation. */
const REFUSAL_HINTS: Record<string, string> = {
  NotRegistered:
    "the hotkey is not registered here (any subnet for serve_axon): register it first (meshtensor subnet register NETUID)",
  SettingWeightsTooFast: "too soon: wait until weightsRateLimit blocks have passed since this hotkey's last weights",
  ServingRateLimitExceeded: "too soon: wait until servingRateLimit blocks have passed since this hotkey last served",
  NoValidatorPermit: "only validators (permit holders) may set weights other than a single self-weight",
};

/**
 * A refusal by the Subnets pallet's `CheckNeuronCall` extension: `code` is the index of the
 * pallet error the call's dispatch would return (pallet README, "Fee-free hotkey calls").
 */
export function decodeNeuronCallRefusal(api: ApiPromise, code: number): ChainError | null {
  const subnets = api.runtimeMetadata.asLatest.pallets.find((p) => p.name.toString() === "Subnets");
  if (!subnets) return null;
  try {
    const meta = api.registry.findMetaError(new Uint8Array([subnets.index.toNumber(), code]));
    const docs = meta.docs.join(" ").trim();
    const hint = REFUSAL_HINTS[meta.name] ?? docs;
    return new ChainError(
      { code: "DISPATCH", pallet: "Subnets", name: meta.name, docs, beforeInclusion: true },
      `Subnets.${meta.name}: ${hint} (refused by the pool: not included, no fee)`,
    );
  } catch {
    return null;
  }
}

export function toChainEvent(record: EventRecord): ChainEvent {
  const { event } = record;
  const names = (event.data as unknown as { names?: string[] | null }).names ?? [];
  const data: Record<string, unknown> = {};
  event.data.forEach((value, i) => {
    data[names[i] ?? String(i)] = value.toPrimitive();
  });
  return { section: event.section.charAt(0).toUpperCase() + event.section.slice(1), method: event.method, data };
}

function pairOf(signer: ChainSigner): KeyringPair {
  const pair = (signer as { pair?: KeyringPair }).pair;
  if (!pair)
    throw new ChainError(
      { code: "INVALID_ARGUMENT", field: "signer", reason: "not a keyring signer" },
      "signer: chain/client needs a KeyringSigner (from chain/wallet) to sign extrinsics",
    );
  return pair;
}

export interface SubmitOptions extends TxOptions {
  /** Called once the pool has accepted the extrinsic (manual block mode: build a block after this). */
  onSubmitted?: () => void;
}

/**
 * Signs and submits extrinsics, one key at a time: submissions from the same key are serialized
 * through a per-address queue and get consecutive nonces (max of the chain's next index and our
 * own counter), so concurrent calls never collide on a nonce.
 */
export class TxSubmitter {
  private readonly queues = new Map<string, Promise<unknown>>();
  private readonly nextNonce = new Map<string, number>();

  constructor(
    private readonly getApi: () => ApiPromise,
    private readonly log: Logger,
  ) {}

  submit(signer: ChainSigner, build: (api: ApiPromise) => Extrinsic, options: SubmitOptions = {}): Promise<TxResult> {
    const api = this.getApi();
    const pair = pairOf(signer);
    const address = pair.address;
    const wait = options.wait ?? "inclusion";
    let resolve!: (r: TxResult) => void;
    let reject!: (e: unknown) => void;
    const outcome = new Promise<TxResult>((res, rej) => {
      resolve = res;
      reject = rej;
    });

    // The queue entry covers nonce choice + pool acceptance, not inclusion: the next submission
    // from this key can go into the same block.
    const prev = this.queues.get(address) ?? Promise.resolve();
    const submitted = prev.then(async () => {
      const tx = build(api);
      const chainNext = (await api.rpc.system.accountNextIndex(address)).toNumber();
      const nonce = Math.max(chainNext, this.nextNonce.get(address) ?? 0);
      let settled = false;
      let unsub: (() => void) | null = null;
      const finish = (fn: () => void) => {
        if (settled) return;
        settled = true;
        unsub?.();
        fn();
      };
      try {
        unsub = await tx.signAndSend(pair, { nonce }, (result: ISubmittableResult) => {
          const { status } = result;
          if (status.isInvalid || status.isDropped || status.isUsurped) {
            this.nextNonce.delete(address);
            finish(() =>
              reject(
                new ChainError(
                  { code: "TX_INVALID", reason: status.type },
                  `transaction ${status.type.toLowerCase()} by the pool`,
                ),
              ),
            );
            return;
          }
          const done = wait === "finalization" ? status.isFinalized : status.isInBlock || status.isFinalized;
          if (!done) return;
          const blockHash = (status.isInBlock ? status.asInBlock : status.asFinalized).toHex();
          finish(() => {
            void this.outcome(api, result, blockHash).then(resolve, reject);
          });
        });
        if (settled) unsub?.();
      } catch (err) {
        this.nextNonce.delete(address);
        const reason = err instanceof Error ? err.message : String(err);
        const refusal = parsePoolRefusal(reason);
        if (refusal?.kind === "custom") {
          const decoded = decodeNeuronCallRefusal(api, refusal.code);
          if (decoded) throw decoded;
        }
        // The signer has nothing to pay the fee with (or, for a key with no account, to hold
        // its nonce): say whose.
        const message =
          refusal?.kind === "payment"
            ? `transaction refused: ${address} cannot pay the transaction fee (no free balance); fund it first`
            : `transaction refused: ${reason}`;
        throw new ChainError({ code: "TX_INVALID", reason }, message, { cause: err });
      }
      this.nextNonce.set(address, nonce + 1);
      this.log.debug({ address, nonce, call: `${tx.method.section}.${tx.method.method}` }, "extrinsic submitted");
      options.onSubmitted?.();
    });
    this.queues.set(
      address,
      submitted.catch(() => undefined),
    );
    submitted.catch(reject);
    return outcome;
  }

  private async outcome(api: ApiPromise, result: ISubmittableResult, blockHash: string): Promise<TxResult> {
    if (result.dispatchError) throw decodeDispatchError(api, result.dispatchError);
    // Newer polkadot-js results carry the block number; older ones need a header read.
    const known = (result as { blockNumber?: { toNumber(): number } }).blockNumber;
    const blockNumber = known ? known.toNumber() : (await api.rpc.chain.getHeader(blockHash)).number.toNumber();
    return { blockHash, blockNumber, events: result.events.map(toChainEvent) };
  }
}
