import { homedir } from "node:os";
import { join } from "node:path";
import { WalletError } from "./errors.js";

/** Where wallets live: `--wallet-path` wins, then `$MESHTENSOR_HOME/wallets`, then `~/.meshtensor/wallets`. */
export function resolveWalletRoot(walletPath?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (walletPath) return walletPath;
  const home = env.MESHTENSOR_HOME;
  return join(home && home.length > 0 ? home : join(homedir(), ".meshtensor"), "wallets");
}

// Names become directory and file names: refuse anything that could escape the wallet root.
const NAME_RE = /^[A-Za-z0-9_-][A-Za-z0-9_.-]{0,63}$/;

export function checkName(field: "wallet" | "hotkey", value: string): string {
  if (!NAME_RE.test(value) || value === "." || value === "..") {
    throw new WalletError(
      { code: "INVALID_NAME", field, value },
      `invalid ${field} name "${value}": use 1-64 letters, digits, '_', '-' or '.'`,
    );
  }
  return value;
}

export interface WalletPaths {
  dir: string;
  coldkey: string;
  coldkeypub: string;
  hotkeysDir: string;
  hotkey(name: string): string;
}

export function walletPaths(root: string, wallet: string): WalletPaths {
  const dir = join(root, checkName("wallet", wallet));
  const hotkeysDir = join(dir, "hotkeys");
  return {
    dir,
    coldkey: join(dir, "coldkey.json"),
    coldkeypub: join(dir, "coldkeypub.json"),
    hotkeysDir,
    hotkey: (name: string) => join(hotkeysDir, `${checkName("hotkey", name)}.json`),
  };
}
