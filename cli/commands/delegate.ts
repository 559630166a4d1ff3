import type { Command } from "commander";
import { formatTokens, parseUint } from "../amount.js";
import { type CliContext, type CliDeps, handle, type Output, withCommonOptions } from "../context.js";
import { CliError } from "../errors.js";
import { renderTable } from "../table.js";

/** "18%" / "0.18" / "11796" -> u16 take. */
export function parseTake(text: string): number {
  const t = text.trim();
  if (t.endsWith("%")) {
    const pct = Number(t.slice(0, -1));
    if (!Number.isFinite(pct) || pct < 0 || pct > 100) throw CliError.usage(`--take: "${text}" is not a percentage 0..100`);
    return Math.floor((pct / 100) * 65535);
  }
  if (/^0?\.\d+$|^1(\.0*)?$|^0$/.test(t)) return Math.floor(Number(t) * 65535);
  return parseUint("--take", t, 0xffff);
}

export async function delegateBecome(ctx: CliContext): Promise<Output> {
  const hotkey = await ctx.hotkeyAddress();
  const signer = await ctx.coldkey();
  const client = await ctx.chain();
  const r = await ctx.submit("become_delegate", (tx) => client.becomeDelegate(signer, hotkey, tx));
  return { data: { hotkey, blockNumber: r.blockNumber }, human: `${hotkey} is now a delegate (block ${r.blockNumber})` };
}

export async function delegateTake(ctx: CliContext, takeText: string): Promise<Output> {
  const take = parseTake(takeText);
  const hotkey = await ctx.hotkeyAddress();
  const client = await ctx.chain();
  const current = (await client.getDelegates()).find((d) => d.hotkey === hotkey);
  if (!current) throw CliError.failed(`${hotkey} is not a delegate (run \`meshtensor delegate become\` first)`);
  if (current.take === take) return { data: { hotkey, take, changed: false }, human: `take already ${take}` };
  const signer = await ctx.coldkey();
  const r =
    take < current.take
      ? await ctx.submit("decrease_take", (tx) => client.decreaseTake(signer, hotkey, take, tx))
      : await ctx.submit("increase_take", (tx) => client.increaseTake(signer, hotkey, take, tx));
  return {
    data: { hotkey, take, previous: current.take, changed: true, blockNumber: r.blockNumber },
    human: `take of ${hotkey}: ${current.take} -> ${take} (block ${r.blockNumber})`,
  };
}

export async function delegateList(ctx: CliContext): Promise<Output> {
  const delegates = await (await ctx.chain()).getDelegates();
  const rows = delegates.map((d) => [
    d.hotkey,
    d.owner,
    `${((d.take / 65535) * 100).toFixed(2)}%`,
    formatTokens(d.totalStake),
    d.nominators.length,
  ]);
  return { data: delegates, human: renderTable(["hotkey", "owner", "take", "total stake", "nominators"], rows) };
}

export function registerDelegateCommands(program: Command, deps: CliDeps): void {
  const g = program.command("delegate").description("delegation: let others stake on your hotkey");
  handle(
    withCommonOptions(
      g.command("become").description("make the wallet's hotkey a delegate (take 18%)"),
      "meshtensor delegate become --wallet alice --hotkey validator",
    ),
    deps,
    (ctx) => delegateBecome(ctx),
  );
  handle(
    withCommonOptions(
      g.command("take").description("set the delegate take (decrease any time; increase limited)"),
      "meshtensor delegate take --take 10% --wallet alice --hotkey validator",
    ).requiredOption("--take <take>", "new take: a percentage (10%), a fraction (0.1) or the u16 value"),
    deps,
    (ctx, _a, o) => delegateTake(ctx, String(o.take)),
  );
  handle(withCommonOptions(g.command("list").description("all delegates"), "meshtensor delegate list"), deps, (ctx) =>
    delegateList(ctx),
  );
}
