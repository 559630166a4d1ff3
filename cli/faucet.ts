import { isAddress, signerFromUri } from "../chain/wallet/index.js";
import { formatTokens, parseTokens } from "./amount.js";
import type { CliContext, Output } from "./context.js";
import { CliError } from "./errors.js";

/** The accounts a dev chain (`meshtensor devchain`, localnet, the `dev`/`local` specs) funds at genesis. */
export const DEV_ACCOUNTS = ["Alice", "Bob", "Charlie", "Dave", "Eve", "Ferdie"] as const;
export const DEFAULT_FAUCET_TOKENS = "1000";
/** Left on the dev account for the transfer's fee; a fee on the dev chain is far below a token. */
const FEE_MARGIN = 1_000_000_000n;

export interface FaucetOptions {
  /** Recipient; the wallet's coldkey when absent. */
  address?: string;
  /** Tokens, e.g. "1000". */
  amount: string;
  /** A dev account name (Alice..Ferdie): the faucet never takes a mnemonic or a real key. */
  from: string;
}

/**
 * Dev funding: a transfer from a dev account's well-known key to the wallet. Refused, before
 * anything is signed, on a chain where that account holds too little: a real network, where the
 * dev keys are public and hold nothing.
 */
export async function faucet(ctx: CliContext, o: FaucetOptions): Promise<Output> {
  const amount = parseTokens("--amount", o.amount);
  if (amount === 0n) throw CliError.usage("--amount: must be more than 0");
  const name = DEV_ACCOUNTS.find((a) => a.toLowerCase() === o.from.replace(/^\/\//, "").toLowerCase());
  if (!name) throw CliError.usage(`--from: "${o.from}" is not a dev account (one of ${DEV_ACCOUNTS.join(", ")})`);
  if (o.address !== undefined && !(await isAddress(o.address)))
    throw CliError.usage(`--address: "${o.address}" is not an SS58 address`);
  const dest = o.address ?? (await ctx.coldkeyAddress());
  const source = await signerFromUri(`//${name}`);
  const client = await ctx.chain();
  const { free } = await client.getBalance(source.address);
  if (free === 0n)
    throw CliError.failed(
      `faucet: ${ctx.opts.chain} is not a dev chain (dev account //${name} holds nothing); the faucet funds wallets on \`meshtensor devchain\` and localnet chains only`,
    );
  if (free < amount + FEE_MARGIN)
    throw CliError.failed(
      `faucet: //${name} holds only ${formatTokens(free)} on ${ctx.opts.chain}; ask for less with --amount, or use another --from`,
    );
  const r = await ctx.submit(`faucet: ${formatTokens(amount)} from //${name} to ${dest}`, (tx) =>
    client.transfer(source, dest, amount, tx),
  );
  const { free: balance } = await client.getBalance(dest);
  return {
    data: {
      from: source.address,
      fromUri: `//${name}`,
      dest,
      amount,
      balance,
      blockHash: r.blockHash,
      blockNumber: r.blockNumber,
    },
    human: `funded ${dest} with ${formatTokens(amount)} from //${name} in block ${r.blockNumber}; balance now ${formatTokens(balance)}`,
  };
}
