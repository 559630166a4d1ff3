import { randomInt } from "node:crypto";
import type { Command } from "commander";
import { weightsCommitHash } from "../../chain/client/index.js";
import { parseU16List, parseU64 } from "../amount.js";
import { type CliContext, type CliDeps, handle, type Output, withCommonOptions } from "../context.js";
import { CliError } from "../errors.js";
import { weightsShow } from "../weights-view.js";
import { parseNetuid } from "./subnet.js";

interface WeightArgs {
  uids: string;
  values: string;
  versionKey: string;
  salt?: string;
}

function parseWeights(o: WeightArgs): { uids: number[]; values: number[]; versionKey: bigint } {
  const uids = parseU16List("--uids", o.uids);
  const values = parseU16List("--values", o.values);
  if (uids.length !== values.length) throw CliError.usage(`--values: ${values.length} values for ${uids.length} uids`);
  return { uids, values, versionKey: parseU64("--version-key", o.versionKey) };
}

export async function weightsSet(ctx: CliContext, netuid: number, o: WeightArgs): Promise<Output> {
  const w = parseWeights(o);
  const signer = await ctx.hotkeySigner();
  const client = await ctx.chain();
  const r = await ctx.submit("set_weights", (tx) => client.setWeights(signer, netuid, w.uids, w.values, w.versionKey, tx));
  return {
    data: { netuid, hotkey: signer.address, ...w, blockNumber: r.blockNumber },
    human: `weights set on subnet ${netuid} by ${signer.address} (block ${r.blockNumber})`,
  };
}

export async function weightsCommit(ctx: CliContext, netuid: number, o: WeightArgs): Promise<Output> {
  const w = parseWeights(o);
  // A fresh random salt unless given: the reveal needs the same one, so it is printed.
  const salt = o.salt ? parseU16List("--salt", o.salt) : Array.from({ length: 8 }, () => randomInt(0, 0x10000));
  const signer = await ctx.hotkeySigner();
  const hash = weightsCommitHash(signer.address, netuid, w.uids, w.values, salt, w.versionKey);
  const client = await ctx.chain();
  const r = await ctx.submit("commit_weights", (tx) => client.commitWeights(signer, netuid, hash, tx));
  const hex = `0x${Buffer.from(hash).toString("hex")}`;
  return {
    data: { netuid, hotkey: signer.address, commitHash: hex, salt, ...w, blockNumber: r.blockNumber },
    human: `committed ${hex} on subnet ${netuid} (block ${r.blockNumber}); reveal with --salt ${salt.join(",")}`,
  };
}

export async function weightsReveal(ctx: CliContext, netuid: number, o: WeightArgs): Promise<Output> {
  const w = parseWeights(o);
  if (!o.salt) throw CliError.usage("--salt: required to reveal (the one printed by `weights commit`)");
  const salt = parseU16List("--salt", o.salt);
  const signer = await ctx.hotkeySigner();
  const client = await ctx.chain();
  const r = await ctx.submit("reveal_weights", (tx) =>
    client.revealWeights(signer, netuid, w.uids, w.values, salt, w.versionKey, tx),
  );
  return {
    data: { netuid, hotkey: signer.address, ...w, salt, blockNumber: r.blockNumber },
    human: `weights revealed on subnet ${netuid} (block ${r.blockNumber})`,
  };
}

function weightCommand(cmd: Command, example: string): Command {
  return withCommonOptions(cmd.argument("<netuid>"), example)
    .requiredOption("--uids <list>", "comma-separated uids")
    .requiredOption("--values <list>", "comma-separated u16 weights")
    .option("--version-key <n>", "weights version key", "0");
}

const args = (o: Record<string, unknown>): WeightArgs => ({
  uids: String(o.uids),
  values: String(o.values),
  versionKey: String(o.versionKey),
  salt: o.salt as string | undefined,
});

export function registerWeightsCommands(program: Command, deps: CliDeps): void {
  const g = program.command("weights").description("set, commit and reveal weights (the hotkey signs)");
  handle(
    withCommonOptions(
      g.command("show").argument("<netuid>").description("the weights stored on a subnet: who set which uid how much"),
      "meshtensor weights show 1",
    ),
    deps,
    (ctx, a) => weightsShow(ctx, parseNetuid(a[0])),
  );
  handle(
    weightCommand(
      g.command("set").description("set weights directly"),
      "meshtensor weights set 1 --uids 0,1 --values 65535,32768 --wallet v --hotkey v1",
    ),
    deps,
    (ctx, a, o) => weightsSet(ctx, parseNetuid(a[0]), args(o)),
  );
  handle(
    weightCommand(
      g.command("commit").description("commit a hash of weights (commit-reveal subnets)"),
      "meshtensor weights commit 1 --uids 0,1 --values 1,2 --wallet v --hotkey v1",
    ).option("--salt <list>", "comma-separated u16 salt (random when omitted)"),
    deps,
    (ctx, a, o) => weightsCommit(ctx, parseNetuid(a[0]), args(o)),
  );
  handle(
    weightCommand(
      g.command("reveal").description("reveal committed weights"),
      "meshtensor weights reveal 1 --uids 0,1 --values 1,2 --salt 5,9 --wallet v --hotkey v1",
    ).option("--salt <list>", "the salt used at commit"),
    deps,
    (ctx, a, o) => weightsReveal(ctx, parseNetuid(a[0]), args(o)),
  );
}
