/**
 * The dashboard in a real browser (headless Chromium) against the dev chain: the metagraph rows
 * and the charts are drawn, the page follows new blocks without a reload, a missing subnet and a
 * chain that goes away are shown on the page and it recovers. Saves a screenshot of the subnet
 * page (test-artifacts/dashboard-subnet.png; MESHTENSOR_TEST_ARTIFACTS overrides the folder).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../../lib/logger.js";
import { createDashboard } from "../dashboard.js";
import type { Dashboard } from "../interface.js";
import { type Browser, findChromium, INSTALL_HINT, launchBrowser } from "./browser.js";
import { type Relay, startRelay, startTestNet, type TestNet, until } from "./fixture.js";

const ARTIFACTS = process.env.MESHTENSOR_TEST_ARTIFACTS ?? join(import.meta.dirname, "..", "..", "test-artifacts");

/** Non-transparent pixels of a canvas: 0 means nothing was drawn. */
const inked = (id: string) => `(() => {
  const c = document.getElementById(${JSON.stringify(id)});
  if (!c || !c.width) return 0;
  const d = c.getContext("2d").getImageData(0, 0, c.width, c.height).data;
  let n = 0;
  for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
  return n;
})()`;

describe("dashboard in headless Chromium", () => {
  let net: TestNet;
  let relay: Relay;
  let dashboard: Dashboard;
  let browser: Browser;

  beforeAll(async () => {
    // Fail with the command to run, not a skip: the suite must not pass without this test.
    if (!findChromium()) throw new Error(`this test needs Chromium: ${INSTALL_HINT}`);
    net = await startTestNet();
    relay = await startRelay(net.devchain.endpoint);
    dashboard = createDashboard(
      { chain: relay.endpoint, port: 0, pollMs: 100, connectTimeoutMs: 1000 },
      { logger: silentLogger() },
    );
    await dashboard.start();
    const synced = () =>
      until("dashboard sync", () => (dashboard.network().block === net.devchain.bestBlock() ? true : undefined));
    await synced();
    await net.setWeights([65535, 21845]);
    for (let i = 0; i < 3; i++) {
      await net.runEpoch();
      await synced();
    }
    browser = await launchBrowser({ width: 1280, height: 1000 });
  });
  afterAll(async () => {
    await browser?.close();
    await dashboard?.stop();
    await relay?.close();
    await net?.close();
  });

  it("shows the network page with the chain's block and the subnet", async () => {
    await browser.navigate(dashboard.url);
    await browser.waitFor("subnet row", `document.querySelector('#subnets tr[data-netuid="${net.netuid}"]') !== null`);
    const block = await browser.evaluate<string>(`document.querySelector('[data-card="block"] .v').textContent`);
    expect(Number(block)).toBe(dashboard.network().block);
  });

  it("draws the subnet's metagraph rows and its charts, and saves a screenshot", async () => {
    await browser.navigate(`${dashboard.url}#/subnet/${net.netuid}`);
    await browser.waitFor("metagraph rows", `document.querySelectorAll('#metagraph tbody tr').length === 3`);
    const mg = (await net.client.getMetagraph(net.netuid))!;
    const uids = await browser.evaluate<number[]>(
      `[...document.querySelectorAll('#metagraph tbody tr')].map(r => Number(r.dataset.uid))`,
    );
    expect(uids.sort()).toEqual(mg.neurons.map((n) => n.uid).sort());
    const hotkeys = await browser.evaluate<string[]>(
      `[...document.querySelectorAll('#metagraph tbody tr td:nth-child(2) span')].map(s => s.title)`,
    );
    expect(hotkeys.sort()).toEqual(mg.neurons.map((n) => n.hotkey).sort());

    for (const id of ["chart-incentive", "chart-dividends", "chart-weights", "chart-split"]) {
      await browser.waitFor(`${id} drawn`, `Number(document.getElementById("${id}")?.dataset.points ?? 0) > 0`);
      expect(await browser.evaluate<number>(inked(id))).toBeGreaterThan(500);
    }
    // 3 epochs seen: points per miner line, bars in the split chart.
    expect(
      Number(await browser.evaluate<string>(`document.getElementById("chart-split").dataset.points`)),
    ).toBeGreaterThanOrEqual(3);

    // Sorting by incentive, descending: the miner with the larger weight first.
    await browser.evaluate(`document.querySelector('#metagraph th[data-key="incentive"]').click()`);
    const first = await browser.evaluate<string>(`document.querySelector('#metagraph tbody tr td:nth-child(2) span').title`);
    expect(first).toBe(net.hotkeys.miner1);

    mkdirSync(ARTIFACTS, { recursive: true });
    const png = await browser.screenshot();
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    writeFileSync(join(ARTIFACTS, "dashboard-subnet.png"), png);
  });

  it("follows new blocks without a reload", async () => {
    const before = Number(await browser.evaluate<string>(`document.getElementById("app").dataset.block`));
    await browser.evaluate(`window.__sameDocument = true`);
    const block = await net.devchain.newBlock(2);
    await browser.waitFor("the new block", `Number(document.getElementById("app").dataset.block) === ${block}`);
    expect(block).toBeGreaterThan(before);
    expect(await browser.evaluate<boolean>("window.__sameDocument === true")).toBe(true);
  });

  it("says a subnet does not exist, and a neuron page shows its weights", async () => {
    await browser.navigate(`${dashboard.url}#/subnet/99`);
    const text = await browser.waitFor<string>("not-found banner", `document.querySelector('#app .banner')?.textContent`);
    expect(text).toMatch(/subnet 99 does not exist/);
    const mg = (await net.client.getMetagraph(net.netuid))!;
    const v = mg.neurons.find((n) => n.hotkey === net.hotkeys.validator)!.uid;
    await browser.navigate(`${dashboard.url}#/subnet/${net.netuid}/neuron/${v}`);
    await browser.waitFor(
      "neuron page",
      `document.getElementById("app").dataset.page === "neuron" && document.getElementById("chart-history") !== null`,
    );
    const out = await browser.evaluate<string>(`document.getElementById("app").innerText`);
    expect(out).toMatch(/weights out/);
    expect(out).toContain("65535");
  });

  it("says the chain is unreachable while it is, and recovers by itself when it is back", async () => {
    await browser.navigate(`${dashboard.url}#/subnet/${net.netuid}`);
    await browser.waitFor("metagraph rows", `document.querySelectorAll('#metagraph tbody tr').length === 3`);
    await relay.cut();
    const banner = await browser.waitFor<string>(
      "chain-down banner",
      `document.getElementById("status").dataset.status === "down" && document.querySelector('#app .banner')?.textContent`,
    );
    expect(banner).toContain(`The chain at ${relay.endpoint} is unreachable`);
    expect(await browser.evaluate<number>(`document.querySelectorAll('#metagraph tbody tr').length`)).toBe(0);

    await relay.restore();
    const block = await net.devchain.newBlock();
    await browser.waitFor(
      "recovered page",
      `document.getElementById("status").dataset.status === "up" && !document.querySelector('#app .banner') && document.querySelectorAll('#metagraph tbody tr').length === 3 && Number(document.getElementById("app").dataset.block) === ${block}`,
    );
  });
});
