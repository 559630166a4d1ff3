import type { Command } from "commander";
import type { ChainClient, ChainSigner, TxOptions } from "../chain/client/index.js";
import type { YumaSimulator } from "../chain/client/scenario-types.js";
import { loadColdkey, loadHotkey, readColdkeyPub, readHotkeyAddress, resolveWalletRoot } from "../chain/wallet/index.js";
import { stringifyExact } from "./json.js";
import { startSpinner } from "./spinner.js";

export const DEFAULT_CHAIN = "ws://127.0.0.1:9944";

export interface CliIo {
  stdout: { write(s: string): unknown };
  stderr: { write(s: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Interactive secret prompt; absent when stdin is not a terminal. */
  promptSecret?: (question: string) => Promise<string>;
}

export type CliChainClient = ChainClient & Partial<YumaSimulator>;

/** What the CLI needs from outside: swapped for fakes in argument tests. */
export interface CliDeps {
  io: CliIo;
  /** May be async, so the chain client's modules load only when a command needs the chain. */
  createClient(endpoint: string): CliChainClient | Promise<CliChainClient>;
}

export interface CommonOptions {
  chain: string;
  json?: boolean;
  walletPath?: string;
  wallet: string;
  hotkey: string;
}

/** What a command returns: data for --json, and the human rendering. */
export interface Output {
  data: unknown;
  human: string;
}

/** Per-invocation context handed to handlers: options, wallet access, a lazily connected client. */
export class CliContext {
  private client: (ChainClient & Partial<YumaSimulator>) | null = null;
  readonly cleanups: Array<() => Promise<void>> = [];

  constructor(
    readonly deps: CliDeps,
    readonly opts: CommonOptions,
  ) {}

  get walletRoot(): string {
    return resolveWalletRoot(this.opts.walletPath, this.deps.io.env);
  }

  async chain(): Promise<ChainClient & Partial<YumaSimulator>> {
    if (this.client) return this.client;
    const client = await this.deps.createClient(this.opts.chain);
    this.cleanups.push(() => client.close());
    await client.connect();
    this.client = client;
    return client;
  }

  /** Password for the wallet's coldkey: MESHTENSOR_PASSWORD, else a hidden prompt on a terminal. */
  async password(purpose: string): Promise<string | undefined> {
    const env = this.deps.io.env.MESHTENSOR_PASSWORD;
    if (env !== undefined && env !== "") return env;
    return this.deps.io.promptSecret ? this.deps.io.promptSecret(`Password for ${purpose}: `) : undefined;
  }

  async coldkey(): Promise<ChainSigner> {
    return loadColdkey(this.walletRoot, this.opts.wallet, await this.password(`wallet "${this.opts.wallet}"`));
  }
  coldkeyAddress(): Promise<string> {
    return readColdkeyPub(this.walletRoot, this.opts.wallet);
  }
  hotkeySigner(): Promise<ChainSigner> {
    return loadHotkey(this.walletRoot, this.opts.wallet, this.opts.hotkey);
  }
  hotkeyAddress(): Promise<string> {
    return readHotkeyAddress(this.walletRoot, this.opts.wallet, this.opts.hotkey);
  }

  /** Run an extrinsic with a spinner on stderr (TTY and not --json only). */
  async submit<T>(label: string, run: (options: TxOptions) => Promise<T>): Promise<T> {
    const spinner = startSpinner(this.deps.io.stderr, `${label}: waiting for inclusion`, !this.opts.json);
    try {
      return await run({});
    } finally {
      spinner.stop();
    }
  }

  print(out: Output): void {
    this.deps.io.stdout.write(`${this.opts.json ? stringifyExact(out.data, 2) : out.human}\n`);
  }

  async close(): Promise<void> {
    // LIFO: last opened, first closed.
    for (const fn of this.cleanups.splice(0).reverse()) await fn().catch(() => undefined);
  }
}

/** Options every command takes, so scripts can rely on --json and --chain anywhere. */
export function withCommonOptions(cmd: Command, example: string): Command {
  return cmd
    .option("--chain <url>", "chain endpoint (ws:// or wss://)", DEFAULT_CHAIN)
    .option("--json", "machine-readable output (amounts in base units)")
    .option("--wallet-path <dir>", "wallets directory (default $MESHTENSOR_HOME/wallets or ~/.meshtensor/wallets)")
    .option("--wallet <name>", "wallet name", "default")
    .option("--hotkey <name>", "hotkey name within the wallet", "default")
    .addHelpText("after", `\nExample:\n  $ ${example}\n`);
}

type Handler = (ctx: CliContext, args: string[], opts: Record<string, unknown>) => Promise<Output>;

/**
 * Attach a handler: commander parses, we build the context, run, print, and always clean up.
 * Errors propagate to main, which prints one line and sets the exit code.
 */
export function handle(cmd: Command, deps: CliDeps, handler: Handler): Command {
  return cmd.action(async (...raw: unknown[]) => {
    const command = raw[raw.length - 1] as Command;
    const opts = { ...command.opts(), __chainSource: command.getOptionValueSource("chain") } as Record<string, unknown>;
    const args = command.args;
    const ctx = new CliContext(deps, opts as unknown as CommonOptions);
    try {
      ctx.print(await handler(ctx, args, opts));
    } finally {
      await ctx.close();
    }
  });
}
