import { MeshtensorError } from "../../lib/errors.js";

export type ChainErrorType =
  /**
   * The runtime refused the call: the pallet's own error, e.g. Subnets.SettingWeightsTooFast.
   * `beforeInclusion`: refused by the pool with that error (the fee-free hotkey calls, whose
   * dispatch checks the runtime's `CheckNeuronCall` runs at validation): never included, no fee.
   */
  | { code: "DISPATCH"; pallet: string; name: string; docs: string; beforeInclusion?: boolean }
  /** A dispatch error that is not a module error (BadOrigin, Token, Arithmetic, ...). */
  | { code: "DISPATCH_OTHER"; kind: string; detail: string }
  /** The transaction pool refused the extrinsic before inclusion (bad nonce, no funds for fees, ...). */
  | { code: "TX_INVALID"; reason: string }
  | { code: "CONNECTION_FAILED"; endpoint: string; reason: string }
  | { code: "NOT_CONNECTED"; endpoint: string }
  | { code: "TIMEOUT"; what: string; ms: number }
  | { code: "INVALID_ARGUMENT"; field: string; reason: string }
  | { code: "RUNTIME_API"; method: string; reason: string }
  | { code: "UNEXPECTED"; what: string; reason: string };

/** Every failure of `chain/client`; a dispatch error carries the pallet, the error name and its docs. */
export class ChainError extends MeshtensorError<ChainErrorType> {}

export function invalidArgument(field: string, reason: string): ChainError {
  return new ChainError({ code: "INVALID_ARGUMENT", field, reason }, `${field}: ${reason}`);
}
