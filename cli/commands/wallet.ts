import type { Command } from "commander";
import { createColdkey, createHotkey, listWallets } from "../../chain/wallet/index.js";
import { formatTokens, parseTokens } from "../amount.js";
import { type CliContext, type CliDeps, handle, type Output, withCommonOptions } from "../context.js";
import { CliError } from "../errors.js";
import { DEFAULT_FAUCET_TOKENS, DEV_ACCOUNTS, faucet } from "../faucet.js";
import { walletOverview } from "../overview.js";
import { renderTable } from "../table.js";

async function newPassword(ctx: CliContext): Promise<string> {
  const pw = await ctx.password(`the new coldkey of "${ctx.opts.wallet}"`);
  if (!pw) throw CliError.usage("password: set MESHTENSOR_PASSWORD (or run on a terminal to be asked) to encrypt the coldkey");
  return pw;
}

export async function walletCreate(
  ctx: CliContext,
  o: { noHotkey?: boolean; printMnemonic?: boolean; overwrite?: boolean },
): Promise<Output> {
  const root = ctx.walletRoot;
  const cold = await createColdkey({ root, wallet: ctx.opts.wallet, password: await newPassword(ctx), overwrite: o.overwrite });
  const hot = o.noHotkey
    ? null
    : await createHotkey({ root, wallet: ctx.opts.wallet, hotkey: ctx.opts.hotkey, overwrite: o.overwrite });
  const data = {
    wallet: ctx.opts.wallet,
    coldkey: cold.address,
    hotkey: hot ? { name: ctx.opts.hotkey, address: hot.address } : null,
    // Mnemonics are secrets: shown only when explicitly asked for.
    ...(o.printMnemonic ? { coldkeyMnemonic: cold.mnemonic, hotkeyMnemonic: hot?.mnemonic ?? null } : {}),
  };
  const lines = [`wallet "${ctx.opts.wallet}" created in ${root}`, `coldkey ${cold.address}`];
  if (hot) lines.push(`hotkey ${ctx.opts.hotkey} ${hot.address}`);
  if (o.printMnemonic) lines.push(`coldkey mnemonic: ${cold.mnemonic}`, ...(hot ? [`hotkey mnemonic: ${hot.mnemonic}`] : []));
  else lines.push("(mnemonics not shown: re-create with --print-mnemonic to back them up, or keep the keyfiles safe)");
  return { data, human: lines.join("\n") };
}

export async function walletNewHotkey(ctx: CliContext, o: { printMnemonic?: boolean; overwrite?: boolean }): Promise<Output> {
  // The wallet must exist: a hotkey belongs to a coldkey's wallet.
  const coldkey = await ctx.coldkeyAddress();
  const hot = await createHotkey({
    root: ctx.walletRoot,
    wallet: ctx.opts.wallet,
    hotkey: ctx.opts.hotkey,
    overwrite: o.overwrite,
  });
  const data = {
    wallet: ctx.opts.wallet,
    coldkey,
    hotkey: { name: ctx.opts.hotkey, address: hot.address },
    ...(o.printMnemonic ? { hotkeyMnemonic: hot.mnemonic } : {}),
  };
  const human = `hotkey ${ctx.opts.hotkey} of "${ctx.opts.wallet}": ${hot.address}${o.printMnemonic ? `\nhotkey mnemonic: ${hot.mnemonic}` : ""}`;
  return { data, human };
}

export async function walletRegen(
  ctx: CliContext,
  o: { mnemonic?: string; hotkeyOnly?: boolean; overwrite?: boolean },
): Promise<Output> {
  const mnemonic = o.mnemonic ?? ctx.deps.io.env.MESHTENSOR_MNEMONIC;
  if (!mnemonic) throw CliError.usage('mnemonic: give --mnemonic "..." or env MESHTENSOR_MNEMONIC');
  const root = ctx.walletRoot;
  if (o.hotkeyOnly) {
    const hot = await createHotkey({ root, wallet: ctx.opts.wallet, hotkey: ctx.opts.hotkey, mnemonic, overwrite: o.overwrite });
    return {
      data: { wallet: ctx.opts.wallet, hotkey: { name: ctx.opts.hotkey, address: hot.address } },
      human: `hotkey ${ctx.opts.hotkey} regenerated: ${hot.address}`,
    };
  }
  const cold = await createColdkey({
    root,
    wallet: ctx.opts.wallet,
    password: await newPassword(ctx),
    mnemonic,
    overwrite: o.overwrite,
  });
  const devKey = mnemonic.trim().startsWith("//");
  return {
    data: { wallet: ctx.opts.wallet, coldkey: cold.address },
    human: `coldkey of "${ctx.opts.wallet}" regenerated: ${cold.address}${devKey ? " (a public dev key: for dev chains only)" : ""}`,
  };
}

export async function walletList(ctx: CliContext): Promise<Output> {
  const wallets = await listWallets(ctx.walletRoot);
  const rows = wallets.flatMap((w) => [
    [w.name, "coldkey", w.coldkey ?? "(missing or damaged)"],
    ...w.hotkeys.map((h) => [w.name, `hotkey ${h.name}`, h.address ?? "(damaged)"]),
  ]);
  return {
    data: wallets,
    human: wallets.length === 0 ? `no wallets in ${ctx.walletRoot}` : renderTable(["wallet", "key", "address"], rows),
  };
}

export async function walletBalance(ctx: CliContext, o: { address?: string }): Promise<Output> {
  const address = o.address ?? (await ctx.coldkeyAddress());
  const client = await ctx.chain();
  const bal = await client.getBalance(address);
  return {
    data: { address, free: bal.free, reserved: bal.reserved },
    human: renderTable(["address", "free", "reserved"], [[address, formatTokens(bal.free), formatTokens(bal.reserved)]]),
  };
}

export async function walletTransfer(ctx: CliContext, o: { dest: string; amount: string }): Promise<Output> {
  const amount = parseTokens("--amount", o.amount);
  const signer = await ctx.coldkey();
  const client = await ctx.chain();
  const r = await ctx.submit("transfer", (tx) => client.transfer(signer, o.dest, amount, tx));
  return {
    data: { from: signer.address, dest: o.dest, amount, blockHash: r.blockHash, blockNumber: r.blockNumber },
    human: `transferred ${formatTokens(amount)} to ${o.dest} in block ${r.blockNumber}`,
  };
}

export function registerWalletCommands(program: Command, deps: CliDeps): void {
  const group = program.command("wallet").description("create, inspect and use wallets (coldkey + hotkeys)");
  handle(
    withCommonOptions(
      group.command("create").description("create a wallet: encrypted coldkey and a hotkey"),
      "MESHTENSOR_PASSWORD=... meshtensor wallet create --wallet alice --hotkey miner1",
    )
      .option("--coldkey-only", "create only the coldkey")
      .option("--print-mnemonic", "show the mnemonics (secrets!) so you can back them up")
      .option("--overwrite", "replace existing keys"),
    deps,
    (ctx, _a, o) =>
      walletCreate(ctx, {
        noHotkey: Boolean(o.coldkeyOnly),
        printMnemonic: Boolean(o.printMnemonic),
        overwrite: Boolean(o.overwrite),
      }),
  );
  handle(
    withCommonOptions(
      group.command("new-hotkey").description("add a hotkey to an existing wallet"),
      "meshtensor wallet new-hotkey --wallet alice --hotkey miner2",
    )
      .option("--print-mnemonic", "show the hotkey mnemonic (a secret!) so you can back it up")
      .option("--overwrite", "replace an existing hotkey of that name"),
    deps,
    (ctx, _a, o) => walletNewHotkey(ctx, { printMnemonic: Boolean(o.printMnemonic), overwrite: Boolean(o.overwrite) }),
  );
  handle(
    withCommonOptions(
      group.command("regen").description("regenerate a coldkey (or a hotkey) from its mnemonic"),
      'meshtensor wallet regen --wallet alice --mnemonic "word1 ... word12"',
    )
      .option("--mnemonic <words>", "the 12/24-word phrase, or a dev key such as //Alice (or env MESHTENSOR_MNEMONIC)")
      .option("--hotkey-only", "regenerate the hotkey named by --hotkey instead of the coldkey")
      .option("--overwrite", "replace existing keys"),
    deps,
    (ctx, _a, o) =>
      walletRegen(ctx, {
        mnemonic: o.mnemonic as string | undefined,
        hotkeyOnly: Boolean(o.hotkeyOnly),
        overwrite: Boolean(o.overwrite),
      }),
  );
  handle(
    withCommonOptions(group.command("list").description("list wallets and their public keys"), "meshtensor wallet list"),
    deps,
    (ctx) => walletList(ctx),
  );
  handle(
    withCommonOptions(
      group.command("balance").description("free and reserved balance of the coldkey (or --address)"),
      "meshtensor wallet balance --wallet alice",
    ).option("--address <ss58>", "any account instead of the wallet's coldkey"),
    deps,
    (ctx, _a, o) => walletBalance(ctx, { address: o.address as string | undefined }),
  );
  handle(
    withCommonOptions(
      group.command("transfer").description("send tokens from the coldkey"),
      "meshtensor wallet transfer --wallet alice --dest 5F... --amount 1.5",
    )
      .requiredOption("--dest <ss58>", "recipient address")
      .requiredOption("--amount <tokens>", "amount in tokens, e.g. 1.5"),
    deps,
    (ctx, _a, o) => walletTransfer(ctx, { dest: String(o.dest), amount: String(o.amount) }),
  );
  handle(
    withCommonOptions(
      group
        .command("overview")
        .description("the coldkey's balance and stake, and every neuron of the wallet's hotkeys on every subnet"),
      "meshtensor wallet overview --wallet alice",
    ),
    deps,
    (ctx) => walletOverview(ctx),
  );
  handle(
    withCommonOptions(
      group
        .command("faucet")
        .description("dev chains only: fund the wallet's coldkey (or --address) from a dev account such as //Alice"),
      "meshtensor wallet faucet --wallet alice --amount 5000 --chain ws://127.0.0.1:9944",
    )
      .option("--amount <tokens>", "tokens to send", DEFAULT_FAUCET_TOKENS)
      .option("--address <ss58>", "fund this account instead of the wallet's coldkey")
      .option("--from <dev-account>", `the paying dev account: ${DEV_ACCOUNTS.join(", ")}`, "Alice"),
    deps,
    (ctx, _a, o) =>
      faucet(ctx, { amount: String(o.amount), from: String(o.from), ...(o.address ? { address: String(o.address) } : {}) }),
  );
}
