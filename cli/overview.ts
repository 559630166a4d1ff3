import { listWallets } from "../chain/wallet/index.js";
import { formatProportion, formatTokens } from "./amount.js";
import type { CliContext, Output } from "./context.js";
import { CliError } from "./errors.js";
import { renderTable } from "./table.js";

/** One of the wallet's hotkeys registered on one subnet. */
export interface OverviewNeuron {
  netuid: number;
  uid: number;
  hotkeyName: string;
  hotkey: string;
  stake: bigint;
  incentive: number;
  dividends: number;
  emission: bigint;
  validatorPermit: boolean;
  active: boolean;
}

/**
 * btcli's `wallet overview`: the coldkey's free balance and total stake, and every neuron of the
 * wallet's hotkeys across all subnets (one metagraph call per subnet).
 */
export async function walletOverview(ctx: CliContext): Promise<Output> {
  const wallet = (await listWallets(ctx.walletRoot)).find((w) => w.name === ctx.opts.wallet);
  if (!wallet?.coldkey) throw CliError.failed(`wallet "${ctx.opts.wallet}" not found in ${ctx.walletRoot}`);
  const coldkey = wallet.coldkey;
  const hotkeyNames = new Map(wallet.hotkeys.flatMap((h) => (h.address ? [[h.address, h.name] as const] : [])));
  const client = await ctx.chain();
  const [balance, stakes, subnets] = await Promise.all([
    client.getBalance(coldkey),
    client.getStakeInfo(coldkey),
    client.getSubnets(),
  ]);
  const neurons: OverviewNeuron[] = [];
  for (const subnet of subnets) {
    const mg = await client.getMetagraph(subnet.netuid);
    for (const n of mg?.neurons ?? []) {
      const hotkeyName = hotkeyNames.get(n.hotkey);
      if (hotkeyName === undefined) continue;
      neurons.push({
        netuid: subnet.netuid,
        uid: n.uid,
        hotkeyName,
        hotkey: n.hotkey,
        stake: n.stake,
        incentive: n.incentive,
        dividends: n.dividends,
        emission: n.emission,
        validatorPermit: n.validatorPermit,
        active: n.active,
      });
    }
  }
  const totalStake = stakes.reduce((a, s) => a + s.stake, 0n);
  const data = { wallet: wallet.name, coldkey, free: balance.free, reserved: balance.reserved, totalStake, stakes, neurons };
  const head = `wallet "${wallet.name}" coldkey ${coldkey}: free ${formatTokens(balance.free)}, staked ${formatTokens(totalStake)}`;
  const table =
    neurons.length === 0
      ? `none of its ${hotkeyNames.size} hotkeys is registered on a subnet`
      : renderTable(
          ["netuid", "uid", "hotkey", "address", "stake", "incentive", "dividends", "emission", "permit", "active"],
          neurons.map((n) => [
            n.netuid,
            n.uid,
            n.hotkeyName,
            n.hotkey,
            formatTokens(n.stake),
            formatProportion(n.incentive),
            formatProportion(n.dividends),
            formatTokens(n.emission),
            n.validatorPermit ? "yes" : "no",
            n.active ? "yes" : "no",
          ]),
        );
  return { data, human: `${head}\n${table}` };
}
