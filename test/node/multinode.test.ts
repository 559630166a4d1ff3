import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type KeyringSigner, signerFromUri } from "../../chain/wallet/signer.js";
import { startApp } from "./apps.js";
import { FakeChain } from "./fixtures/fake-chain.js";
import { Cleanup, tempDir } from "./harness.js";

const TOKEN = 1_000_000_000n;
const cleanup = new Cleanup();
afterEach(() => cleanup.run());

let alice: KeyringSigner;
const miners: KeyringSigner[] = [];
beforeAll(async () => {
  alice = await signerFromUri("//Alice");
  for (const uri of ["//Bob", "//Charlie", "//Dave"]) miners.push(await signerFromUri(uri));
});

/** Validator uid 0; miners 1 and 2 honest, 3 dishonest. */
async function network() {
  const chain = new FakeChain(1);
  chain.register({ hotkey: alice.address, stake: 1000n * TOKEN, validatorPermit: true });
  for (const m of miners) chain.register({ hotkey: m.address });
  const subnets = ["echo-honest", "echo-honest", "echo-dishonest"];
  for (const [i, signer] of miners.entries()) {
    await startApp(cleanup, { role: "miner", chain, signer, dataDir: tempDir(cleanup), subnet: subnets[i] as string });
  }
  const validatorDir = tempDir(cleanup);
  const validator = await startApp(cleanup, {
    role: "validator",
    chain,
    signer: alice,
    dataDir: validatorDir,
    subnet: "echo-honest",
  });
  return { chain, validator, validatorDir };
}

describe("validator and miners over libp2p (fake chain)", () => {
  it("discovers miners from the chain, scores honest answers, sets weights for the honest miners only", async () => {
    const { chain, validator } = await network();
    // Every node announced its libp2p identity on chain.
    expect(chain.neurons.every((n) => n.endpoint !== null)).toBe(true);
    const role = validator.validators[0];
    if (role === undefined) throw new Error("no validator role");

    const first = await role.step();
    expect(first).toMatchObject({ queried: 3, answered: 3, weights: "set" });
    expect(first?.rewards).toEqual(
      new Map([
        [1, 1],
        [2, 1],
        [3, 0],
      ]),
    );
    expect(chain.weights).toHaveLength(1);
    expect(chain.weights[0]).toMatchObject({ hotkey: alice.address, uids: [1, 2], values: [65535, 65535] });

    const scores = role.scores();
    expect(scores.get(1)?.score).toBeCloseTo(0.5);
    expect(scores.get(3)?.score ?? 0).toBe(0);

    // Inside the rate limit: scores move, no second weights call.
    chain.advance(2);
    expect((await role.step())?.weights).toBe("wait");
    expect(chain.weights).toHaveLength(1);
    expect(role.scores().get(1)?.score).toBeCloseTo(0.75);

    // The health endpoint and Prometheus metrics are served on 127.0.0.1.
    const health = await fetch(`${validator.statusUrl}/health`).then((r) => r.json());
    expect(health).toMatchObject({ ok: true, role: "validator", peers: 3 });
    const metrics = await fetch(`${validator.statusUrl}/metrics`).then((r) => r.text());
    expect(metrics).toMatch(/meshtensor_outbound_queries_total\{[^}]*outcome="ok"[^}]*\} 6/);
    expect(metrics).toContain("meshtensor_weights_set_total");
    expect(metrics).toMatch(/meshtensor_outbound_query_seconds_bucket/);
  });

  it("resets a uid's score when its hotkey changes", async () => {
    const { chain, validator } = await network();
    const role = validator.validators[0];
    if (role === undefined) throw new Error("no validator role");
    await role.step();
    expect(role.scores().get(2)?.score).toBeGreaterThan(0);
    const newcomer = await signerFromUri("//Ferdie");
    chain.replace(2, newcomer.address);
    await role.step();
    // No endpoint yet for the newcomer: not queried, and the old holder's score is gone.
    expect(role.scores().get(2)).toBeUndefined();
  });

  it("commits weights and reveals them in the reveal epoch when commit-reveal is on", async () => {
    const { chain, validator } = await network();
    chain.hyperparameters = { ...chain.hyperparameters, commitRevealEnabled: true, tempo: 4, revealPeriodEpochs: 1n };
    const role = validator.validators[0];
    if (role === undefined) throw new Error("no validator role");
    expect((await role.step())?.weights).toBe("commit");
    expect(chain.commits).toHaveLength(1);
    expect((await role.step())?.weights).toBe("wait");
    chain.advance(5); // next epoch with tempo 4
    expect((await role.step())?.weights).toBe("reveal");
    expect(chain.reveals[0]).toMatchObject({ hotkey: alice.address, uids: [1, 2] });
    expect(chain.reveals[0]?.salt).toHaveLength(8);
  });
});
