export { WalletError, type WalletErrorType } from "./errors.js";
export { resolveWalletRoot, walletPaths } from "./paths.js";
export { isAddress, KeyringSigner, SS58_PREFIX, signerFromUri, verifySignature } from "./signer.js";
export {
  type CreatedKey,
  createColdkey,
  createHotkey,
  listWallets,
  loadColdkey,
  loadHotkey,
  readColdkeyPub,
  readHotkeyAddress,
  type WalletSummary,
} from "./wallet.js";
