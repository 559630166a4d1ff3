/**
 * The dashboard server against the real dev chain: the JSON it serves is the chain's metagraph
 * for a subnet built here, the epochs it saw carry the split the chain paid, bad requests get a
 * clear error, and a chain that goes away (a relay cut) and comes back is reported and followed
 * again without a restart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../lib/logger.js";
import type { ApiErrorJson, NetworkView, NeuronView, SubnetView } from "../api-types.js";
import { createDashboard } from "../dashboard.js";
import type { Dashboard } from "../interface.js";
import { type Relay, startRelay, startTestNet, type TestNet, until } from "./fixture.js";

describe("dashboard server on the dev chain", () => {
  let net: TestNet;
  let relay: Relay;
  let dashboard: Dashboard;
  const epochs: number[] = [];

  const get = async <T>(path: string): Promise<{ status: number; body: T }> => {
    const res = await fetch(new URL(path, dashboard.url));
    return { status: res.status, body: (await res.json()) as T };
  };
  /** Wait until the dashboard has seen the chain's best block. */
  const synced = () =>
    until("dashboard to see the best block", () => (dashboard.network().block === net.devchain.bestBlock() ? true : undefined));

  beforeAll(async () => {
    net = await startTestNet();
    relay = await startRelay(net.devchain.endpoint);
    dashboard = createDashboard(
      { chain: relay.endpoint, port: 0, pollMs: 100, connectTimeoutMs: 1000, requestTimeoutMs: 5000 },
      { logger: silentLogger() },
    );
    await dashboard.start();
    await synced();
    await net.setWeights([65535, 21845]);
    epochs.push(await net.runEpoch());
    await synced();
    epochs.push(await net.runEpoch());
    await synced();
  });
  afterAll(async () => {
    await dashboard?.stop();
    await relay?.close();
    await net?.close();
  });

  it("listens on 127.0.0.1 and serves the page and its bundled script", async () => {
    expect(dashboard.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(dashboard.url);
    expect(page.headers.get("content-type")).toMatch(/text\/html/);
    expect(await page.text()).toContain('<script src="/app.js">');
    const script = await (await fetch(new URL("/app.js", dashboard.url))).text();
    expect(script.length).toBeGreaterThan(5000);
    expect(script).not.toMatch(/\bimport\s*[{"']/); // one bundle: nothing left to fetch
  });

  it("serves the network: block, finalized, issuance and every subnet as the chain reports them", async () => {
    const { status, body } = await get<NetworkView>("/api/network");
    expect(status).toBe(200);
    expect(body.chain.status).toBe("up");
    expect(body.block).toBe(net.devchain.bestBlock());
    expect(body.finalized).toBe(await net.client.getFinalizedBlockNumber());
    expect(body.issuance).toBe((await net.client.getTotalIssuance()).toString());
    const subnets = await net.client.getSubnets();
    expect(body.subnets.map((s) => s.netuid)).toEqual(subnets.map((s) => s.netuid));
    const mine = body.subnets.find((s) => s.netuid === net.netuid)!;
    const chain = subnets.find((s) => s.netuid === net.netuid)!;
    expect(mine).toMatchObject({
      owner: chain.owner,
      n: 3,
      tempo: chain.tempo,
      emissionPerBlock: chain.emissionPerBlock.toString(),
      registrationCost: chain.burn.toString(),
      lock: chain.lockedAmount.toString(),
    });
    const total = subnets.reduce((a, s) => a + s.emissionPerBlock, 0n);
    expect(total).toBeGreaterThan(0n);
    expect(body.emissionPerBlock).toBe(total.toString());
    expect(body.subnets.reduce((a, s) => a + s.emissionShare, 0)).toBeCloseTo(1, 5);
    const params = await net.client.getNetworkParams();
    expect(mine.immunityLeft).toBe(Math.max(0, chain.registeredAt + params.networkImmunityPeriod - body.block!));
  });

  it("serves the subnet's metagraph exactly as the chain's runtime API returns it", async () => {
    const { status, body } = await get<SubnetView>(`/api/subnets/${net.netuid}`);
    expect(status).toBe(200);
    const mg = (await net.client.getMetagraph(net.netuid, { includeWeights: true }))!;
    expect(body.block).toBe(mg.block);
    expect(body.owner).toBe(mg.owner);
    expect(body.neurons).toHaveLength(mg.neurons.length);
    for (const n of mg.neurons) {
      expect(body.neurons.find((r) => r.uid === n.uid)).toEqual({
        uid: n.uid,
        hotkey: n.hotkey,
        coldkey: n.coldkey,
        name: null,
        role: null,
        behaviour: null,
        stake: n.stake.toString(),
        validatorPermit: n.validatorPermit,
        active: n.active,
        rank: n.rank,
        trust: n.trust,
        validatorTrust: n.validatorTrust,
        consensus: n.consensus,
        incentive: n.incentive,
        dividends: n.dividends,
        emission: n.emission.toString(),
        pruningScore: n.pruningScore,
        lastUpdate: n.lastUpdate,
        blockAtRegistration: n.blockAtRegistration,
        peerId: n.endpoint?.peerId ?? null,
        multiaddrs: n.endpoint?.multiaddrs ?? [],
      });
    }
    // The miners were paid (incentive from the weights) and the served endpoint shows.
    const uidOf = (hk: string) => mg.neurons.find((n) => n.hotkey === hk)!.uid;
    const m1 = body.neurons.find((r) => r.hotkey === net.hotkeys.miner1)!;
    expect(m1.incentive).toBeGreaterThan(0);
    expect(m1.peerId).toBe(net.peerId);
    // Heatmap: the validator's row, as set.
    const v = uidOf(net.hotkeys.validator);
    expect(body.weights.rows).toEqual([v]);
    const row = body.weights.values[0]!;
    expect(row[body.weights.cols.indexOf(uidOf(net.hotkeys.miner1))]).toBe(65535);
    expect(row[body.weights.cols.indexOf(uidOf(net.hotkeys.miner2))]).toBe(21845);
  });

  it("records each epoch it saw with the split the chain paid (18/41/41)", async () => {
    const { body } = await get<SubnetView>(`/api/subnets/${net.netuid}`);
    const seen = body.history.map((p) => p.block);
    for (const b of epochs) expect(seen).toContain(b);
    const last = body.history.at(-1)!;
    const [payout] = await net.client.getEpochPayouts(last.block);
    expect(last.payout).toEqual({
      ownerCut: payout!.ownerCut.toString(),
      validators: payout!.validators.toString(),
      miners: payout!.miners.toString(),
    });
    const total = payout!.ownerCut + payout!.validators + payout!.miners;
    expect(Number((payout!.ownerCut * 10_000n) / total) / 100).toBeCloseTo(18, 0);
    expect(Number((payout!.miners * 10_000n) / total) / 100).toBeCloseTo(41, 0);
  });

  it("serves a neuron: weights out and in, and its history", async () => {
    const mg = (await net.client.getMetagraph(net.netuid))!;
    const v = mg.neurons.find((n) => n.hotkey === net.hotkeys.validator)!.uid;
    const m1 = mg.neurons.find((n) => n.hotkey === net.hotkeys.miner1)!.uid;
    const val = await get<NeuronView>(`/api/subnets/${net.netuid}/neurons/${v}`);
    expect(val.status).toBe(200);
    expect(val.body.weightsOut).toContainEqual({ uid: m1, weight: 65535, share: 0.75 });
    expect(val.body.node).toBeNull(); // not a localnet
    const miner = await get<NeuronView>(`/api/subnets/${net.netuid}/neurons/${m1}`);
    expect(miner.body.weightsIn).toEqual([{ uid: v, weight: 65535, share: 0.75 }]);
    expect(miner.body.history.length).toBeGreaterThanOrEqual(2);
    expect(miner.body.history.at(-1)!.incentive).toBe(mg.neurons.find((n) => n.uid === m1)!.incentive);
  });

  it("answers bad requests with a status and a message naming what was wrong", async () => {
    const missing = await get<ApiErrorJson>("/api/subnets/99");
    expect(missing.status).toBe(404);
    expect(missing.body.error.message).toMatch(/subnet 99 does not exist/);
    const bad = await get<ApiErrorJson>("/api/subnets/abc");
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/^netuid: "abc"/);
    const big = await get<ApiErrorJson>("/api/subnets/70000");
    expect(big.status).toBe(400);
    const noUid = await get<ApiErrorJson>(`/api/subnets/${net.netuid}/neurons/77`);
    expect(noUid.status).toBe(404);
    expect(noUid.body.error.message).toMatch(/no uid 77/);
    expect((await get<ApiErrorJson>("/api/nothing")).status).toBe(404);
    expect((await fetch(new URL("/api/network", dashboard.url), { method: "POST" })).status).toBe(405);
  });

  it("reports a chain that goes away, keeps serving, and follows it again when it is back", async () => {
    // A page following the push channel sees the status change too.
    const events = await fetch(new URL("/api/events", dashboard.url));
    const reader = events.body!.getReader();
    let streamed = "";
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        streamed += new TextDecoder().decode(value);
      }
    })().catch(() => undefined);

    await relay.cut();
    const down = await until("status down", () =>
      dashboard.network().chain.status === "down" ? dashboard.network() : undefined,
    );
    expect(down.chain.error).toBeTruthy();
    const during = await get<ApiErrorJson>(`/api/subnets/${net.netuid}`);
    expect(during.status).toBe(503);
    expect(during.body.error.code).toBe("CHAIN_UNAVAILABLE");
    expect(during.body.error.message).toContain(relay.endpoint);
    expect((await get<NetworkView>("/api/network")).body.chain.status).toBe("down");
    await until("the push channel to say down", () => (streamed.includes('"status":"down"') ? true : undefined));

    await net.devchain.newBlock(); // the chain moved on meanwhile
    await relay.restore();
    await until("status up", () => (dashboard.network().chain.status === "up" ? true : undefined));
    await synced();
    const after = await get<SubnetView>(`/api/subnets/${net.netuid}`);
    expect(after.status).toBe(200);
    expect(after.body.block).toBe(net.devchain.bestBlock());
    await until("the push channel to say up again", () =>
      streamed.lastIndexOf('"status":"up"') > streamed.lastIndexOf('"status":"down"') ? true : undefined,
    );
    await reader.cancel();
    await pump;
  });
});
