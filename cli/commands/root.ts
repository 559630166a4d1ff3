import type { Command } from "commander";
import { parseU16List, parseU64 } from "../amount.js";
import { type CliContext, type CliDeps, handle, type Output, withCommonOptions } from "../context.js";
import { CliError } from "../errors.js";
import { metagraphTable } from "./subnet.js";

export async function rootRegister(ctx: CliContext): Promise<Output> {
  const hotkey = await ctx.hotkeyAddress();
  const signer = await ctx.coldkey();
  const client = await ctx.chain();
  const r = await ctx.submit("root_register", (tx) => client.rootRegister(signer, hotkey, tx));
  return { data: { hotkey, blockNumber: r.blockNumber }, human: `${hotkey} joined root (block ${r.blockNumber})` };
}

export async function rootWeights(ctx: CliContext, o: { netuids: string; values: string; versionKey: string }): Promise<Output> {
  const netuids = parseU16List("--netuids", o.netuids);
  const values = parseU16List("--values", o.values);
  if (netuids.length !== values.length) throw CliError.usage(`--values: ${values.length} values for ${netuids.length} netuids`);
  const versionKey = parseU64("--version-key", o.versionKey);
  const signer = await ctx.hotkeySigner();
  const client = await ctx.chain();
  const r = await ctx.submit("set_root_weights", (tx) => client.setRootWeights(signer, netuids, values, versionKey, tx));
  return {
    data: { hotkey: signer.address, netuids, values, blockNumber: r.blockNumber },
    human: `root weights set by ${signer.address} (block ${r.blockNumber})`,
  };
}

export async function rootList(ctx: CliContext): Promise<Output> {
  const mg = await (await ctx.chain()).getMetagraph(0);
  if (!mg) throw CliError.failed("this chain has no root network (netuid 0)");
  return { data: mg, human: metagraphTable(mg) };
}

export function registerRootCommands(program: Command, deps: CliDeps): void {
  const g = program.command("root").description("the root network (netuid 0): sets each subnet's emission");
  handle(
    withCommonOptions(
      g.command("register").description("register the wallet's hotkey on root (top 64 by stake)"),
      "meshtensor root register --wallet alice --hotkey validator",
    ),
    deps,
    (ctx) => rootRegister(ctx),
  );
  handle(
    withCommonOptions(
      g.command("weights").description("set root weights over subnets (hotkey signs)"),
      "meshtensor root weights --netuids 1,2 --values 1,3 --wallet alice --hotkey validator",
    )
      .requiredOption("--netuids <list>", "comma-separated netuids")
      .requiredOption("--values <list>", "comma-separated u16 weights")
      .option("--version-key <n>", "weights version key", "0"),
    deps,
    (ctx, _a, o) => rootWeights(ctx, { netuids: String(o.netuids), values: String(o.values), versionKey: String(o.versionKey) }),
  );
  handle(withCommonOptions(g.command("list").description("root members"), "meshtensor root list"), deps, (ctx) => rootList(ctx));
}
