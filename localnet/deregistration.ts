import type { ChainClient, ChainSigner } from "../chain/client/interface.js";
import type { ChainEvent, Netuid } from "../chain/client/types.js";
import { signerFromUri } from "../chain/wallet/index.js";
import type { Logger } from "../lib/logger.js";
import { makeWallet, type NeuronPlan, type WalletStore } from "./provision.js";
import type { DeregistrationReport } from "./report.js";

export interface DeregDeps {
  client: ChainClient;
  wallets: WalletStore;
  faucet: ChainSigner;
  logger: Logger;
  /** Resolves after roughly `blocks` blocks (the orchestrator follows the chain). */
  waitBlocks(blocks: number): Promise<void>;
}

const ONE_TOKEN = 1_000_000_000n;

function dispatchName(err: unknown): string | null {
  const type = (err as { type?: { code?: string; name?: string } } | null)?.type;
  return type?.code === "DISPATCH" ? (type.name ?? null) : null;
}

const isAllImmune = (err: unknown) => /Immun/i.test(dispatchName(err) ?? "");

function eventNetuid(events: ChainEvent[], method: string): number | null {
  const ev = events.find((e) => e.section.toLowerCase() === "subnets" && e.method === method);
  const value = ev?.data.netuid;
  return typeof value === "number" ? value : typeof value === "bigint" || typeof value === "string" ? Number(value) : null;
}

export interface SubnetFill {
  /** Subnets registered to fill the limit (netuid and owner), oldest first. */
  fillers: Array<{ netuid: Netuid; owner: ChainSigner }>;
  /** The coldkey whose registration found the limit full; it registers again after network immunity. */
  replacer: ChainSigner;
}

/** Filler subnets need no wallets (they are not neurons): throwaway keys derived from the dev phrase. */
const fillerKey = (k: number) => signerFromUri(`//localnet-subnet-owner-${k}`);

/**
 * The first filler, registered before the localnet's own subnet: network immunity ends oldest
 * first, so when replacement becomes possible this empty subnet (no root weight, so no emission)
 * is the one replaced, never the subnet the demo runs on.
 */
export async function registerDecoySubnet(
  deps: Pick<DeregDeps, "client" | "faucet">,
): Promise<{ netuid: Netuid; owner: ChainSigner }> {
  const owner = await fillerKey(0);
  const lock = await deps.client.getNetworkLockCost();
  await deps.client.transfer(deps.faucet, owner.address, lock + ONE_TOKEN);
  const { netuid } = await deps.client.registerNetwork(owner);
  return { netuid, owner };
}

/**
 * Register empty subnets until the chain answers that every subnet is immune: the dev profile's
 * small subnet limit is then full. No subnet count is hard-coded: the chain's own refusal says
 * when it is full. Registrations go out in batches in one block each; the lock doubles with each
 * registration, so every owner is funded for the most expensive position in its batch.
 */
export async function fillSubnetLimit(
  deps: DeregDeps,
  existing: SubnetFill["fillers"] = [],
  options: { batch?: number; maxFillers?: number } = {},
): Promise<SubnetFill> {
  const { client, faucet, logger: log } = deps;
  const batch = options.batch ?? 4;
  const maxFillers = options.maxFillers ?? 32;
  const fillers: SubnetFill["fillers"] = [...existing];
  let next = existing.length;
  while (next <= maxFillers) {
    const owners = await Promise.all(Array.from({ length: batch }, (_, i) => fillerKey(next + i)));
    next += batch;
    const lock = await client.getNetworkLockCost();
    const fund = lock * 2n ** BigInt(batch) + ONE_TOKEN;
    await Promise.all(owners.map((o) => client.transfer(faucet, o.address, fund)));
    const results = await Promise.all(
      owners.map(async (owner) => {
        try {
          return { owner, netuid: (await client.registerNetwork(owner)).netuid };
        } catch (err) {
          if (!isAllImmune(err)) throw err;
          return { owner, netuid: null };
        }
      }),
    );
    for (const r of results) {
      if (r.netuid !== null) {
        fillers.push({ netuid: r.netuid, owner: r.owner });
        log.info({ netuid: r.netuid }, "filler subnet registered");
      }
    }
    const refused = results.find((r) => r.netuid === null);
    if (refused) {
      log.info({ fillers: fillers.length }, "subnet limit reached: every subnet is immune");
      return { fillers, replacer: refused.owner };
    }
  }
  throw new Error(`subnet limit not reached after ${maxFillers} filler subnets; disable deregistration.subnet for this chain`);
}

/**
 * Once network immunity has passed, the replacer's registration removes the lowest-emission
 * subnet (a filler: root gives them no weight). Returns what was replaced and the lock refund as
 * measured on the removed owner's free balance.
 */
export async function replaceSubnet(deps: DeregDeps, fill: SubnetFill, deadline: number): Promise<DeregistrationReport> {
  const { client, faucet, logger: log } = deps;
  for (let attempt = 1; Date.now() < deadline; attempt++) {
    const before = await client.getSubnets();
    const owners = new Map(before.map((s) => [s.netuid, s.owner]));
    const balances = new Map(
      await Promise.all(before.map(async (s) => [s.owner, (await client.getBalance(s.owner)).free] as const)),
    );
    const lock = await client.getNetworkLockCost();
    const free = (await client.getBalance(fill.replacer.address)).free;
    if (free < lock + ONE_TOKEN) await client.transfer(faucet, fill.replacer.address, lock + ONE_TOKEN - free);
    try {
      const result = await client.registerNetwork(fill.replacer);
      const after = await client.getSubnets();
      const removed =
        eventNetuid(result.events, "NetworkRemoved") ??
        before.find((s) => after.find((a) => a.netuid === s.netuid)?.owner !== s.owner)?.netuid ??
        null;
      const removedOwner = removed === null ? null : (owners.get(removed) ?? null);
      const refund =
        removedOwner === null ? 0n : (await client.getBalance(removedOwner)).free - (balances.get(removedOwner) ?? 0n);
      const locked = removed === null ? null : (before.find((s) => s.netuid === removed)?.lockedAmount ?? null);
      if (locked !== null && refund !== locked)
        log.warn({ refund: refund.toString(), locked: locked.toString() }, "refund differs from the lock");
      return {
        kind: "subnet",
        block: result.blockNumber,
        netuid: result.netuid,
        replaced: removed === null ? "(none)" : `netuid ${removed} owned by ${removedOwner}`,
        by: `netuid ${result.netuid} owned by ${fill.replacer.address}`,
        lockRefunded: refund,
      };
    } catch (err) {
      if (!isAllImmune(err)) throw err;
      log.info({ attempt }, "all subnets still immune: waiting");
      await deps.waitBlocks(5);
    }
  }
  throw new Error("subnet replacement did not happen before the deadline (network immunity too long for this run?)");
}

/**
 * After every neuron's immunity, one more miner registers into the full subnet and takes the uid
 * with the lowest pruning score. Returns the report and the new neuron (the caller starts its node).
 */
export async function replaceNeuron(
  deps: DeregDeps,
  netuid: Netuid,
  wallet: string,
  deadline: number,
): Promise<{ report: DeregistrationReport; plan: NeuronPlan; replacedHotkey: string }> {
  const { client, faucet, logger: log } = deps;
  const first = await client.getMetagraph(netuid);
  if (!first) throw new Error(`subnet ${netuid} not found`);
  const immuneUntil = Math.max(...first.neurons.map((n) => n.blockAtRegistration)) + first.hyperparameters.immunityPeriod;
  while ((await client.getBlockNumber()) <= immuneUntil) {
    if (Date.now() > deadline) throw new Error(`neurons still immune at the deadline (immune until block ${immuneUntil})`);
    await deps.waitBlocks(1);
  }
  const keys = await makeWallet(deps.wallets, wallet);
  const cost = (await client.getRegistrationCost(netuid)) ?? 0n;
  // The coldkey burns the registration; the hotkey's serve_axon is fee-free once it holds a uid.
  await client.transfer(faucet, keys.coldkey.address, cost + 10n * ONE_TOKEN);
  const before = await client.getMetagraph(netuid);
  const result = await client.burnedRegister(keys.coldkey, netuid, keys.hotkey.address);
  const replaced = before?.neurons.find((n) => n.uid === result.uid);
  log.info({ uid: result.uid, replaced: replaced?.hotkey }, "new miner registered into the full subnet");
  return {
    report: {
      kind: "neuron",
      block: result.blockNumber,
      netuid,
      uid: result.uid,
      replaced: replaced?.hotkey ?? "(appended)",
      by: keys.hotkey.address,
    },
    plan: { name: wallet, role: "miner", behaviour: "honest", wallet, hotkeyName: "default", ...keys, uid: result.uid },
    replacedHotkey: replaced?.hotkey ?? "",
  };
}
