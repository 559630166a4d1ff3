import { MeshtensorError } from "../../lib/errors.js";

export type WalletErrorType =
  | { code: "WALLET_NOT_FOUND"; wallet: string; path: string }
  | { code: "WALLET_EXISTS"; wallet: string; path: string }
  | { code: "HOTKEY_NOT_FOUND"; wallet: string; hotkey: string; path: string }
  | { code: "HOTKEY_EXISTS"; wallet: string; hotkey: string; path: string }
  | { code: "WRONG_PASSWORD"; wallet: string }
  | { code: "PASSWORD_REQUIRED"; wallet: string }
  | { code: "CORRUPT_KEYFILE"; path: string; reason: string }
  | { code: "INVALID_NAME"; field: string; value: string }
  | { code: "INVALID_MNEMONIC" };

/** Wallet and keyfile failures. Payloads carry names and paths, never key material or passwords. */
export class WalletError extends MeshtensorError<WalletErrorType> {}
