import type { Command } from "commander";
import { HYPERPARAMETER_NAMES, hyperparameterKind } from "../../chain/client/index.js";
import type { Hyperparameters, Metagraph } from "../../chain/client/types.js";
import { formatProportion, formatTokens, parseTokens, parseU64, parseUint } from "../amount.js";
import { type CliContext, type CliDeps, handle, type Output, withCommonOptions } from "../context.js";
import { CliError } from "../errors.js";
import { renderTable } from "../table.js";

export function parseNetuid(text: string | undefined): number {
  if (text === undefined) throw CliError.usage("netuid: missing");
  return parseUint("netuid", text, 0xffff);
}

async function metagraphOrFail(ctx: CliContext, netuid: number): Promise<Metagraph> {
  const mg = await (await ctx.chain()).getMetagraph(netuid);
  if (!mg) throw CliError.failed(`subnet ${netuid} does not exist`);
  return mg;
}

export async function subnetCreate(ctx: CliContext): Promise<Output> {
  const signer = await ctx.coldkey();
  const client = await ctx.chain();
  const r = await ctx.submit("register_network", (tx) => client.registerNetwork(signer, tx));
  return {
    data: { netuid: r.netuid, owner: signer.address, blockNumber: r.blockNumber },
    human: `subnet ${r.netuid} created, owned by ${signer.address} (block ${r.blockNumber})`,
  };
}

export async function subnetList(ctx: CliContext): Promise<Output> {
  const subnets = await (await ctx.chain()).getSubnets();
  const rows = subnets.map((s) => [
    s.netuid,
    s.n,
    s.maxAllowedUids,
    s.tempo,
    formatTokens(s.emissionPerBlock),
    formatTokens(s.burn),
    formatTokens(s.lockedAmount),
    s.owner,
  ]);
  return {
    data: subnets,
    human: renderTable(["netuid", "n", "max_uids", "tempo", "emission/block", "burn", "locked", "owner"], rows),
  };
}

export async function subnetShow(ctx: CliContext, netuid: number): Promise<Output> {
  const mg = await metagraphOrFail(ctx, netuid);
  const registrationCost = (await (await ctx.chain()).getRegistrationCost(netuid)) ?? 0n;
  const totalStake = mg.neurons.reduce((a, n) => a + n.stake, 0n);
  const data = {
    netuid,
    owner: mg.owner,
    block: mg.block,
    n: mg.neurons.length,
    tempo: mg.hyperparameters.tempo,
    emissionPerBlock: mg.emissionPerBlock,
    totalStake,
    registrationCost,
  };
  const human = renderTable(
    ["netuid", "owner", "block", "n", "tempo", "emission/block", "total stake", "registration cost"],
    [
      [
        netuid,
        mg.owner,
        mg.block,
        mg.neurons.length,
        mg.hyperparameters.tempo,
        formatTokens(mg.emissionPerBlock),
        formatTokens(totalStake),
        formatTokens(registrationCost),
      ],
    ],
  );
  return { data, human };
}

export async function subnetHyperparameters(ctx: CliContext, netuid: number): Promise<Output> {
  const hp = await (await ctx.chain()).getHyperparameters(netuid);
  if (!hp) throw CliError.failed(`subnet ${netuid} does not exist`);
  const rows = HYPERPARAMETER_NAMES.map((k) => [k, String(hp[k])]);
  return { data: hp, human: renderTable(["hyperparameter", "value"], rows) };
}

/** Parse a hyperparameter value for its type; balances (burn, min/max) accept tokens. */
export function parseHyperparameter(
  name: string,
  text: string,
): { name: keyof Hyperparameters; value: Hyperparameters[keyof Hyperparameters] } {
  const key = HYPERPARAMETER_NAMES.find((k) => k === name || k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) === name);
  if (!key) throw CliError.usage(`name: unknown hyperparameter "${name}" (one of ${HYPERPARAMETER_NAMES.join(", ")})`);
  const kind = hyperparameterKind(key);
  if (kind === "boolean") {
    if (text !== "true" && text !== "false") throw CliError.usage(`${key}: must be true or false, got "${text}"`);
    return { name: key, value: text === "true" };
  }
  if (kind === "bigint") {
    const isBalance = key === "burn" || key === "minBurn" || key === "maxBurn";
    return { name: key, value: isBalance ? parseTokens(key, text) : parseU64(key, text) };
  }
  if (kind === "i16") {
    if (!/^-?\d+$/.test(text.trim())) throw CliError.usage(`${key}: "${text}" is not an integer`);
    const n = Number(text);
    if (n < -32768 || n > 32767) throw CliError.usage(`${key}: ${n} is outside -32768..32767`);
    return { name: key, value: n };
  }
  return { name: key, value: parseUint(key, text, 0xffff) };
}

export async function subnetSet(ctx: CliContext, netuid: number, name: string, valueText: string): Promise<Output> {
  const { name: key, value } = parseHyperparameter(name, valueText);
  const signer = await ctx.coldkey();
  const client = await ctx.chain();
  const r = await ctx.submit("set_hyperparameter", (tx) => client.setHyperparameter(signer, netuid, key, value, tx));
  return {
    data: { netuid, name: key, value, blockNumber: r.blockNumber },
    human: `subnet ${netuid}: ${key} = ${String(value)} (block ${r.blockNumber})`,
  };
}

export async function subnetLockCost(ctx: CliContext): Promise<Output> {
  const cost = await (await ctx.chain()).getNetworkLockCost();
  return { data: { lockCost: cost }, human: `network lock cost: ${formatTokens(cost)}` };
}

export async function subnetRegister(ctx: CliContext, netuid: number): Promise<Output> {
  const hotkey = await ctx.hotkeyAddress();
  const signer = await ctx.coldkey();
  const client = await ctx.chain();
  // The burn is the registration cost when submitted (it moves only at adjustment intervals).
  const burn = await client.getRegistrationCost(netuid);
  if (burn === null) throw CliError.failed(`subnet ${netuid} does not exist`);
  const r = await ctx.submit("burned_register", (tx) => client.burnedRegister(signer, netuid, hotkey, tx));
  return {
    data: { netuid, uid: r.uid, hotkey, burn, blockNumber: r.blockNumber },
    human: `registered ${hotkey} on subnet ${netuid} as uid ${r.uid}, burned ${formatTokens(burn)} (block ${r.blockNumber})`,
  };
}

export async function subnetDissolve(ctx: CliContext, netuid: number): Promise<Output> {
  const signer = await ctx.coldkey();
  const client = await ctx.chain();
  const r = await ctx.submit("dissolve_network", (tx) => client.dissolveNetwork(signer, netuid, tx));
  return {
    data: { netuid, owner: signer.address, blockNumber: r.blockNumber },
    human: `subnet ${netuid} dissolved; its lock returned to ${signer.address} (block ${r.blockNumber})`,
  };
}

export function metagraphTable(mg: Metagraph): string {
  const rows = mg.neurons.map((n) => [
    n.uid,
    n.hotkey,
    formatTokens(n.stake),
    formatProportion(n.trust),
    formatProportion(n.consensus),
    formatProportion(n.incentive),
    formatProportion(n.dividends),
    formatTokens(n.emission),
    n.validatorPermit ? "yes" : "no",
    n.active ? "yes" : "no",
    n.endpoint ? (n.endpoint.multiaddrs[0] ?? n.endpoint.peerId) : "-",
  ]);
  return `subnet ${mg.netuid} at block ${mg.block}: ${mg.neurons.length} neurons\n${renderTable(
    ["uid", "hotkey", "stake", "trust", "consensus", "incentive", "dividends", "emission", "permit", "active", "endpoint"],
    rows,
  )}`;
}

export async function subnetMetagraph(ctx: CliContext, netuid: number, includeWeights: boolean): Promise<Output> {
  const mg = await (await ctx.chain()).getMetagraph(netuid, { includeWeights });
  if (!mg) throw CliError.failed(`subnet ${netuid} does not exist`);
  return { data: mg, human: metagraphTable(mg) };
}

export function registerSubnetCommands(program: Command, deps: CliDeps): void {
  const g = program.command("subnet").description("subnets: create, inspect, configure, register neurons");
  handle(
    withCommonOptions(
      g.command("create").description("register a new subnet (locks the lock cost)"),
      "meshtensor subnet create --wallet owner",
    ),
    deps,
    (ctx) => subnetCreate(ctx),
  );
  handle(withCommonOptions(g.command("list").description("all subnets"), "meshtensor subnet list"), deps, (ctx) =>
    subnetList(ctx),
  );
  handle(
    withCommonOptions(g.command("show").argument("<netuid>").description("one subnet's summary"), "meshtensor subnet show 1"),
    deps,
    (ctx, a) => subnetShow(ctx, parseNetuid(a[0])),
  );
  handle(
    withCommonOptions(
      g.command("hyperparameters").argument("<netuid>").description("a subnet's hyperparameters"),
      "meshtensor subnet hyperparameters 1",
    ),
    deps,
    (ctx, a) => subnetHyperparameters(ctx, parseNetuid(a[0])),
  );
  handle(
    withCommonOptions(
      g
        .command("set")
        .argument("<netuid>")
        .argument("<name>")
        .argument("<value>")
        .description("set a hyperparameter (subnet owner)"),
      [
        "meshtensor subnet set 1 tempo 20 --wallet owner",
        "  $ meshtensor subnet set 1 yuma3_enabled true --wallet owner        # Yuma 3 bonds (spec/yuma3.md)",
        "  $ meshtensor subnet set 1 liquid_alpha_enabled true --wallet owner # then alpha_low / alpha_high",
        "  $ meshtensor subnet set 1 alpha_low 6553 --wallet owner            # 0.1; 1638 <= alpha_low <= alpha_high",
        "  $ meshtensor subnet set 1 alpha_high 19660 --wallet owner          # 0.3 (raise alpha_high first to go up)",
        "  $ meshtensor subnet set 1 bonds_penalty 32768 --wallet owner       # bonds follow weights half clipped",
        "  $ meshtensor subnet set 1 bonds_reset_enabled true --wallet owner  # miners may reset their bonds",
      ].join("\n"),
    ),
    deps,
    (ctx, a) => subnetSet(ctx, parseNetuid(a[0]), String(a[1]), String(a[2])),
  );
  handle(
    withCommonOptions(
      g.command("dissolve").argument("<netuid>").description("dissolve a subnet you own (its lock comes back)"),
      "meshtensor subnet dissolve 3 --wallet owner",
    ),
    deps,
    (ctx, a) => subnetDissolve(ctx, parseNetuid(a[0])),
  );
  handle(
    withCommonOptions(g.command("lock-cost").description("current cost to register a subnet"), "meshtensor subnet lock-cost"),
    deps,
    (ctx) => subnetLockCost(ctx),
  );
  handle(
    withCommonOptions(
      g
        .command("register")
        .argument("<netuid>")
        .description("register the wallet's hotkey on a subnet (burns the registration cost)"),
      "meshtensor subnet register 1 --wallet alice --hotkey miner1",
    ),
    deps,
    (ctx, a) => subnetRegister(ctx, parseNetuid(a[0])),
  );
  handle(
    withCommonOptions(
      g.command("metagraph").argument("<netuid>").description("every neuron of a subnet, in one runtime call"),
      "meshtensor subnet metagraph 1",
    ).option("--weights", "include weights and bonds (with --json)"),
    deps,
    (ctx, a, o) => subnetMetagraph(ctx, parseNetuid(a[0]), Boolean(o.weights)),
  );
}
