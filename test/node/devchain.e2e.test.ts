import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createChainClient } from "../../chain/client/index.js";
import type { ChainClient } from "../../chain/client/interface.js";
import { chainSpecPath, createDevChain, type DevChain } from "../../chain/devchain/index.js";
import { type KeyringSigner, signerFromUri } from "../../chain/wallet/signer.js";
import { createNodeApp, type NodeApp } from "../../node/app/index.js";
import { silentLogger } from "../../node/logger/index.js";
import { echoRegistry, nodeConfig } from "./apps.js";
import { Cleanup } from "./harness.js";

// The real dev chain (chopsticks running the committed runtime wasm). Skipped only while the
// runtime artifacts are not built into chain/artifacts/ yet.
const haveRuntime = existsSync(chainSpecPath("dev"));
const TOKEN = 1_000_000_000n;

describe.skipIf(!haveRuntime)("validator and miners against the real dev chain", () => {
  const cleanup = new Cleanup();
  let devchain: DevChain;
  let client: ChainClient;
  let netuid: number;
  let tempo: number;
  let validatorHot: KeyringSigner;
  const minerHots: KeyringSigner[] = [];

  beforeAll(async () => {
    devchain = createDevChain({ chainSpec: "dev", port: 0, mode: "instant" });
    await devchain.start();
    cleanup.add(() => devchain.stop());
    client = createChainClient({ endpoint: devchain.endpoint });
    await client.connect();
    cleanup.add(() => client.close());

    const alice = await signerFromUri("//Alice");
    const owner = await signerFromUri("//Bob");
    const minerCold = await signerFromUri("//Charlie");
    validatorHot = await signerFromUri("//MeshValidatorHot");
    for (const i of [1, 2, 3]) minerHots.push(await signerFromUri(`//MeshMinerHot${i}`));

    // Hotkeys sign serve_axon, set_weights and root weights: they pay fees.
    for (const hot of [validatorHot, ...minerHots]) await client.transfer(alice, hot.address, 10n * TOKEN);
    netuid = (await client.registerNetwork(owner)).netuid;
    await client.setHyperparameter(owner, netuid, "maxRegistrationsPerBlock", 8);
    await client.setHyperparameter(owner, netuid, "targetRegistrationsPerInterval", 8);
    await client.burnedRegister(alice, netuid, validatorHot.address);
    for (const hot of minerHots) await client.burnedRegister(minerCold, netuid, hot.address);
    await client.addStake(alice, validatorHot.address, 100n * TOKEN);
    // Root weights give the subnet its share of emission.
    await client.rootRegister(alice, validatorHot.address);
    await client.setRootWeights(validatorHot, [netuid], [65535], 0n);
    tempo = (await client.getHyperparameters(netuid))?.tempo ?? 10;
    // One epoch so the staked validator gets its permit.
    await devchain.newBlock(tempo + 2);
  }, 300_000);

  afterAll(() => cleanup.run());

  async function startNode(role: "validator" | "miner", signer: KeyringSigner, subnet: string): Promise<NodeApp> {
    const dir = mkdtempSync(join(tmpdir(), `mesh-e2e-${role}-`));
    cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
    const config = nodeConfig(dir, subnet, {
      chain: { endpoint: devchain.endpoint },
      subnets: [{ netuid, subnet }],
      miner: { metagraphSyncMs: 1_000 },
    });
    const app = createNodeApp(config, role, {
      logger: silentLogger(),
      signer,
      subnets: echoRegistry,
      createChainClient: (endpoint) => createChainClient({ endpoint }),
    });
    await app.start();
    cleanup.add(() => app.stop());
    return app;
  }

  it("discovers miners from the chain, sets weights on chain, and the epoch pays the miners that answered well", async () => {
    const graph0 = await client.getMetagraph(netuid);
    const validatorUid = graph0?.neurons.find((n) => n.hotkey === validatorHot.address)?.uid;
    expect(graph0?.neurons.find((n) => n.uid === validatorUid)?.validatorPermit).toBe(true);

    await startNode("miner", minerHots[0] as KeyringSigner, "echo-honest");
    await startNode("miner", minerHots[1] as KeyringSigner, "echo-honest");
    await startNode("miner", minerHots[2] as KeyringSigner, "echo-dishonest");
    const validator = await startNode("validator", validatorHot, "echo-honest");

    const graph = await client.getMetagraph(netuid);
    // Every node bound its libp2p identity to its hotkey on chain.
    expect(graph?.neurons.every((n) => n.endpoint !== null && n.endpoint.peerId.length > 0)).toBe(true);
    const uidOf = (s: KeyringSigner) => graph?.neurons.find((n) => n.hotkey === s.address)?.uid as number;

    const role = validator.validators[0];
    if (role === undefined) throw new Error("no validator role");
    const report = await role.step();
    expect(report).toMatchObject({ queried: 3, answered: 3, weights: "set" });
    expect(report?.rewards.get(uidOf(minerHots[0] as KeyringSigner))).toBe(1);
    expect(report?.rewards.get(uidOf(minerHots[2] as KeyringSigner))).toBe(0);

    const withWeights = await client.getMetagraph(netuid, { includeWeights: true });
    const row = withWeights?.weights?.[validatorUid as number] ?? [];
    expect(row.map(([uid]) => uid).sort()).toEqual(
      [uidOf(minerHots[0] as KeyringSigner), uidOf(minerHots[1] as KeyringSigner)].sort(),
    );

    await devchain.newBlock(tempo + 2);
    const paid = await client.getMetagraph(netuid);
    const neuron = (s: KeyringSigner) => paid?.neurons.find((n) => n.hotkey === s.address);
    expect(neuron(minerHots[0] as KeyringSigner)?.incentive).toBeGreaterThan(0);
    expect(neuron(minerHots[1] as KeyringSigner)?.emission).toBeGreaterThan(0n);
    expect(neuron(minerHots[2] as KeyringSigner)?.incentive).toBe(0);
    expect(neuron(minerHots[2] as KeyringSigner)?.emission).toBe(0n);
  }, 300_000);
});
