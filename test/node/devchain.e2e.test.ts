import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify as toYaml } from "yaml";
import { createChainClient } from "../../chain/client/index.js";
import type { ChainClient } from "../../chain/client/interface.js";
import { createDevChain, type DevChain } from "../../chain/devchain/index.js";
import { type KeyringSigner, signerFromUri } from "../../chain/wallet/signer.js";
import { silentLogger } from "../../lib/logger.js";
import { createNodeApp, type NodeApp } from "../../node/app/index.js";
import { echoRegistry, nodeConfig } from "./apps.js";
import { Cleanup } from "./harness.js";

// The real dev chain (chopsticks running the committed runtime wasm). Skipped only while the
// runtime artifacts are not built into chain/artifacts/ yet.
const TOKEN = 1_000_000_000n;

describe("validator and miners against the real dev chain", () => {
  const cleanup = new Cleanup();
  let devchain: DevChain;
  let client: ChainClient;
  let netuid: number;
  let tempo: number;
  let validatorHot: KeyringSigner;
  let owner: KeyringSigner;
  let firstValidator: NodeApp | null = null;
  const minerHots: KeyringSigner[] = [];

  beforeAll(async () => {
    devchain = createDevChain({ chainSpec: "dev", port: 0, mode: "instant" });
    await devchain.start();
    cleanup.add(() => devchain.stop());
    client = createChainClient({ endpoint: devchain.endpoint });
    await client.connect();
    cleanup.add(() => client.close());

    const alice = await signerFromUri("//Alice");
    owner = await signerFromUri("//Bob");
    const minerCold = await signerFromUri("//Charlie");
    validatorHot = await signerFromUri("//MeshValidatorHot");
    for (const i of [1, 2, 3]) minerHots.push(await signerFromUri(`//MeshMinerHot${i}`));

    // The hotkeys hold no tokens: serve_axon, set_weights and root weights are fee-free once registered.
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
    firstValidator = validator;

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

  /** A node in its own OS process (test/node/fixtures/node-entry.ts), its pino lines collected. */
  function spawnNode(role: "validator" | "miner", configPath: string) {
    const child: ChildProcess = spawn(
      process.execPath,
      ["--import", "tsx", join("test", "node", "fixtures", "node-entry.ts"), role, configPath],
      {
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const lines: Array<Record<string, unknown>> = [];
    let buffered = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      buffered += chunk.toString();
      let at = buffered.indexOf("\n");
      while (at >= 0) {
        try {
          lines.push(JSON.parse(buffered.slice(0, at)) as Record<string, unknown>);
        } catch {
          // not a log line
        }
        buffered = buffered.slice(at + 1);
        at = buffered.indexOf("\n");
      }
    });
    child.stderr?.on("data", () => undefined);
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    cleanup.add(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
      await exited;
    });
    const waitFor = async (match: (line: Record<string, unknown>) => boolean, ms: number) => {
      const deadline = Date.now() + ms;
      for (;;) {
        const found = lines.find(match);
        if (found) return found;
        if (Date.now() > deadline || child.exitCode !== null)
          throw new Error(`no matching log line from the ${role} within ${ms} ms`);
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    return { child, lines, exited, waitFor };
  }

  it("a validator process killed (SIGKILL) mid-epoch restarts with its scores and keeps the weights rate limit; SIGTERM stops it cleanly", async () => {
    await firstValidator?.stop();
    await client.setHyperparameter(owner, netuid, "servingRateLimit", 0n);
    await client.setHyperparameter(owner, netuid, "weightsRateLimit", 6n);
    await devchain.newBlock(7);
    const dir = mkdtempSync(join(tmpdir(), "mesh-e2e-proc-"));
    cleanup.add(() => rmSync(dir, { recursive: true, force: true }));
    const configPath = join(dir, "validator.yml");
    writeFileSync(
      configPath,
      toYaml({
        chain: { endpoint: devchain.endpoint },
        wallet: { uri: "//MeshValidatorHot" },
        dataDir: join(dir, "data"),
        subnets: [{ netuid, subnet: "echo-honest" }],
        network: { dht: false },
        status: { enabled: true, port: 0 },
        validator: { stepIntervalMs: 300, alpha: 0.5 },
      }),
    );
    const uidOf = async () => (await client.getMetagraph(netuid))?.neurons.find((n) => n.hotkey === validatorHot.address);

    const first = spawnNode("validator", configPath);
    await first.waitFor((l) => l.msg === "validator step" && l.weights === "set", 60_000);
    const setAt = (await uidOf())?.lastUpdate ?? 0;
    await first.waitFor((l) => l.msg === "validator step" && l.weights === "wait", 30_000);
    first.child.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");

    const second = spawnNode("validator", configPath);
    const restored = await second.waitFor((l) => l.msg === "scores restored", 60_000);
    expect(restored.uids).toBeGreaterThanOrEqual(3);
    await second.waitFor((l) => l.msg === "validator step" && l.weights === "wait", 30_000);
    expect((await uidOf())?.lastUpdate).toBe(setAt);
    // Past the limit it sets again, exactly once per limit.
    await devchain.newBlock(6);
    await second.waitFor((l) => l.msg === "validator step" && l.weights === "set", 30_000);
    expect(((await uidOf())?.lastUpdate ?? 0) - setAt).toBeGreaterThanOrEqual(6);

    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
    expect(second.lines.some((l) => l.msg === "node stopped")).toBe(true);
  }, 300_000);
});
