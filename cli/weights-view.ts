import type { CliContext, Output } from "./context.js";
import { CliError } from "./errors.js";
import { renderTable } from "./table.js";

/** One weight a validator set: raw u16 as stored, and its share of that validator's row. */
export interface WeightEntry {
  uid: number;
  hotkey: string;
  targetUid: number;
  weight: number;
  share: number;
}

/** btcli's `weights` view: the subnet's stored weight matrix, one line per (setter, target). */
export async function weightsShow(ctx: CliContext, netuid: number): Promise<Output> {
  const mg = await (await ctx.chain()).getMetagraph(netuid, { includeWeights: true });
  if (!mg) throw CliError.failed(`subnet ${netuid} does not exist`);
  const entries: WeightEntry[] = [];
  (mg.weights ?? []).forEach((row, uid) => {
    const sum = row.reduce((a, [, w]) => a + w, 0);
    const hotkey = mg.neurons.find((n) => n.uid === uid)?.hotkey ?? "";
    for (const [targetUid, weight] of row) entries.push({ uid, hotkey, targetUid, weight, share: sum > 0 ? weight / sum : 0 });
  });
  const human =
    entries.length === 0
      ? `subnet ${netuid} at block ${mg.block}: no weights set`
      : `subnet ${netuid} at block ${mg.block}: ${entries.length} weights\n${renderTable(
          ["uid", "hotkey", "target uid", "weight", "share"],
          entries.map((e) => [e.uid, e.hotkey, e.targetUid, e.weight, e.share.toFixed(4)]),
        )}`;
  return { data: { netuid, block: mg.block, weights: entries }, human };
}
