import { join } from "node:path";
import type { KeyringSigner } from "../../chain/wallet/index.js";
import { loadHotkey, resolveWalletRoot, signerFromUri, walletPaths } from "../../chain/wallet/index.js";
import type { NodeConfig } from "../config/index.js";

/** The node's hotkey and where its libp2p key file lives (beside the hotkey file). */
export async function loadNodeKeys(
  config: NodeConfig,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ signer: KeyringSigner; peerKeyFile: string }> {
  const wallet = config.wallet;
  if (wallet.uri !== undefined) {
    const signer = await signerFromUri(wallet.uri);
    return { signer, peerKeyFile: wallet.peerKeyFile ?? join(config.dataDir, "libp2p.key") };
  }
  const root = resolveWalletRoot(wallet.path, env);
  const name = wallet.name as string;
  const hotkey = wallet.hotkey as string;
  const password = wallet.passwordEnv !== undefined ? env[wallet.passwordEnv] : undefined;
  const signer = await loadHotkey(root, name, hotkey, password);
  const hotkeyFile = walletPaths(root, name).hotkey(hotkey);
  return { signer, peerKeyFile: wallet.peerKeyFile ?? hotkeyFile.replace(/\.json$/, ".libp2p.key") };
}
