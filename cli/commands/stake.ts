import type { Command } from "commander";
import { formatTokens, parseTokens } from "../amount.js";
import { type CliContext, type CliDeps, handle, type Output, withCommonOptions } from "../context.js";
import { renderTable } from "../table.js";

async function targetHotkey(ctx: CliContext, hotkeyAddress: string | undefined): Promise<string> {
  return hotkeyAddress ?? (await ctx.hotkeyAddress());
}

export async function stakeAdd(ctx: CliContext, o: { amount: string; hotkeyAddress?: string }): Promise<Output> {
  const amount = parseTokens("--amount", o.amount);
  const hotkey = await targetHotkey(ctx, o.hotkeyAddress);
  const signer = await ctx.coldkey();
  const client = await ctx.chain();
  const r = await ctx.submit("add_stake", (tx) => client.addStake(signer, hotkey, amount, tx));
  return {
    data: { coldkey: signer.address, hotkey, amount, blockNumber: r.blockNumber },
    human: `staked ${formatTokens(amount)} to ${hotkey} (block ${r.blockNumber})`,
  };
}

export async function stakeRemove(ctx: CliContext, o: { amount: string; hotkeyAddress?: string }): Promise<Output> {
  const amount = parseTokens("--amount", o.amount);
  const hotkey = await targetHotkey(ctx, o.hotkeyAddress);
  const signer = await ctx.coldkey();
  const client = await ctx.chain();
  const r = await ctx.submit("remove_stake", (tx) => client.removeStake(signer, hotkey, amount, tx));
  return {
    data: { coldkey: signer.address, hotkey, amount, blockNumber: r.blockNumber },
    human: `unstaked ${formatTokens(amount)} from ${hotkey} (block ${r.blockNumber})`,
  };
}

export async function stakeShow(ctx: CliContext, o: { coldkey?: string }): Promise<Output> {
  const coldkey = o.coldkey ?? (await ctx.coldkeyAddress());
  const stakes = await (await ctx.chain()).getStakeInfo(coldkey);
  const total = stakes.reduce((a, s) => a + s.stake, 0n);
  const table = renderTable(
    ["hotkey", "stake"],
    stakes.map((s) => [s.hotkey, formatTokens(s.stake)]),
  );
  return { data: { coldkey, total, stakes }, human: `${table}\ntotal ${formatTokens(total)}` };
}

export function registerStakeCommands(program: Command, deps: CliDeps): void {
  const g = program.command("stake").description("stake tokens on hotkeys");
  const hk = "--hotkey-address <ss58>";
  const hkHelp = "stake on this hotkey (a delegate) instead of the wallet's own --hotkey";
  handle(
    withCommonOptions(
      g.command("add").description("stake from the coldkey onto a hotkey"),
      "meshtensor stake add --wallet alice --hotkey miner1 --amount 10",
    )
      .requiredOption("--amount <tokens>", "amount in tokens")
      .option(hk, hkHelp),
    deps,
    (ctx, _a, o) => stakeAdd(ctx, { amount: String(o.amount), hotkeyAddress: o.hotkeyAddress as string | undefined }),
  );
  handle(
    withCommonOptions(
      g.command("remove").description("unstake from a hotkey back to the coldkey"),
      "meshtensor stake remove --wallet alice --hotkey miner1 --amount 1.5",
    )
      .requiredOption("--amount <tokens>", "amount in tokens")
      .option(hk, hkHelp),
    deps,
    (ctx, _a, o) => stakeRemove(ctx, { amount: String(o.amount), hotkeyAddress: o.hotkeyAddress as string | undefined }),
  );
  handle(
    withCommonOptions(
      g.command("show").description("the coldkey's stake per hotkey"),
      "meshtensor stake show --wallet alice",
    ).option("--coldkey <ss58>", "any coldkey address"),
    deps,
    (ctx, _a, o) => stakeShow(ctx, { coldkey: o.coldkey as string | undefined }),
  );
}
