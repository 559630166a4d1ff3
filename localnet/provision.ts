import type { ChainClient, ChainSigner } from "../chain/client/interface.js";
import type { Netuid } from "../chain/client/types.js";
import { createColdkey, createHotkey, signerFromUri } from "../chain/wallet/index.js";
import type { Logger } from "../lib/logger.js";
import { LocalnetError } from "./errors.js";
import { type Behaviour, type LocalnetConfig, tokensToBase } from "./options.js";
import type { Role, Roster } from "./report.js";

/** One neuron the localnet creates: its own wallet (coldkey + hotkey "default") in the run's home. */
export interface NeuronPlan {
  name: string;
  role: Role;
  behaviour: Behaviour | "-";
  wallet: string;
  hotkeyName: string;
  coldkey: ChainSigner;
  hotkey: ChainSigner;
  uid: number;
}

export interface Provisioned {
  netuid: Netuid;
  owner: ChainSigner;
  neurons: NeuronPlan[];
  nominator: ChainSigner;
  roster: Roster;
}

export interface WalletStore {
  root: string;
  password: string;
}

export const HOTKEY_NAME = "default";

/** Behaviour of miner `i`: the configured list in order, honest beyond it. */
export function behaviourOf(config: LocalnetConfig, i: number): Behaviour {
  return config.behaviours[i] ?? "honest";
}

/**
 * Make a fresh wallet (encrypted coldkey, plain hotkey). The signers come from the mnemonics just
 * generated rather than by decrypting the keyfiles again: the keystore's scrypt costs about a
 * second per key on a busy 2-core machine, and it would be paid for every neuron.
 */
export async function makeWallet(store: WalletStore, wallet: string): Promise<{ coldkey: ChainSigner; hotkey: ChainSigner }> {
  const cold = await createColdkey({ root: store.root, wallet, password: store.password });
  const hot = await createHotkey({ root: store.root, wallet, hotkey: HOTKEY_NAME });
  return { coldkey: await signerFromUri(cold.mnemonic), hotkey: await signerFromUri(hot.mnemonic) };
}

async function step<T>(log: Logger, name: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    const out = await fn();
    log.info({ step: name, ms: Math.round(performance.now() - t0) }, "provisioned");
    return out;
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new LocalnetError({ code: "PROVISION_FAILED", step: name, reason }, `localnet setup failed at "${name}": ${reason}`, {
      cause: err,
    });
  }
}

/**
 * Everything on chain before the nodes start: a subnet owned by //Bob, funded wallets for every
 * validator, miner and the nominator, registrations, validator stake, a delegate with a
 * nominator, and root weights so the subnet receives emission. Independent extrinsics of one
 * step go out together (the client queues nonces per key), so each step costs about one block.
 */
export async function provisionNetwork(
  config: LocalnetConfig,
  deps: { client: ChainClient; wallets: WalletStore; logger: Logger; faucet?: ChainSigner; owner?: ChainSigner },
): Promise<Provisioned> {
  const { client, wallets, logger: log } = deps;
  const faucet = deps.faucet ?? (await signerFromUri("//Alice"));
  const owner = deps.owner ?? (await signerFromUri("//Bob"));
  const total = config.validators + config.miners;

  const netuid = await step(log, "register subnet", async () => (await client.registerNetwork(owner)).netuid);

  // The demo needs a subnet that fills up (to show replacement) and takes everyone in one block.
  await step(log, "subnet hyperparameters", () =>
    Promise.all([
      client.setHyperparameter(owner, netuid, "maxAllowedUids", total),
      client.setHyperparameter(owner, netuid, "maxAllowedValidators", config.validators),
      client.setHyperparameter(owner, netuid, "maxRegistrationsPerBlock", total + 1),
      client.setHyperparameter(owner, netuid, "targetRegistrationsPerInterval", total + 1),
    ]),
  );
  if (config.bondModel !== "classic") {
    // Liquid alpha is switched on after Yuma 3, as an owner would (it only acts on the Yuma 3 path).
    await step(log, `bond model ${config.bondModel}`, async () => {
      await client.setHyperparameter(owner, netuid, "yuma3Enabled", true);
      if (config.bondModel === "yuma3-liquid-alpha") await client.setHyperparameter(owner, netuid, "liquidAlphaEnabled", true);
    });
  }

  const plans = await step(log, "wallets", async () => {
    const out: Array<Omit<NeuronPlan, "uid">> = [];
    for (let i = 0; i < config.validators; i++) {
      const wallet = `validator-${i}`;
      out.push({
        name: wallet,
        role: "validator",
        behaviour: "-",
        wallet,
        hotkeyName: HOTKEY_NAME,
        ...(await makeWallet(wallets, wallet)),
      });
    }
    for (let i = 0; i < config.miners; i++) {
      const wallet = `miner-${i}`;
      const behaviour = behaviourOf(config, i);
      out.push({
        name: wallet,
        role: "miner",
        behaviour,
        wallet,
        hotkeyName: HOTKEY_NAME,
        ...(await makeWallet(wallets, wallet)),
      });
    }
    return out;
  });
  const nominator = (await step(log, "nominator wallet", () => makeWallet(wallets, "nominator"))).coldkey;

  const fund = tokensToBase(config.funding.coldkey);
  const fundHotkey = tokensToBase(config.funding.hotkey);
  await step(log, "fund keys", () =>
    Promise.all([
      ...plans.map((p) => client.transfer(faucet, p.coldkey.address, fund)),
      ...(fundHotkey > 0n ? plans.map((p) => client.transfer(faucet, p.hotkey.address, fundHotkey)) : []),
      client.transfer(faucet, nominator.address, fund),
    ]),
  );

  const uids = await step(log, "register neurons", () =>
    Promise.all(plans.map(async (p) => (await client.burnedRegister(p.coldkey, netuid, p.hotkey.address)).uid)),
  );
  const neurons: NeuronPlan[] = plans.map((p, i) => ({ ...p, uid: uids[i]! }));
  const validators = neurons.filter((n) => n.role === "validator");
  const first = validators[0]!;

  const stake = tokensToBase(config.funding.validatorStake);
  await step(log, "validator stake", () =>
    Promise.all([
      ...validators.map((v) => client.addStake(v.coldkey, v.hotkey.address, stake)),
      client.becomeDelegate(first.coldkey, first.hotkey.address),
    ]),
  );
  await step(log, "nominator stake", () =>
    client.addStake(nominator, first.hotkey.address, tokensToBase(config.funding.nominatorStake)),
  );

  // Root membership goes by stake, so it comes after staking; then every root member points all
  // its weight at this subnet so root's epoch gives it the emission.
  await step(log, "root register", () => Promise.all(validators.map((v) => client.rootRegister(v.coldkey, v.hotkey.address))));
  await step(log, "root weights", () =>
    Promise.all(validators.map((v) => client.setRootWeights(v.hotkey, [netuid], [65535], 0n))),
  );

  const roster: Roster = new Map(neurons.map((n) => [n.hotkey.address, { name: n.name, role: n.role, behaviour: n.behaviour }]));
  return { netuid, owner, neurons, nominator, roster };
}
