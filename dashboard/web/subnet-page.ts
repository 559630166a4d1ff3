import type { NeuronRowJson, SubnetView } from "../api-types.js";
import { heatmap, legend, lineChart, type Series, splitBars } from "./charts.js";
import { h } from "./dom.js";
import { short, tokens, tokensFloat, u16 } from "./format.js";
import { type Column, sortableTable } from "./table.js";

export function neuronLabel(n: { uid: number; name: string | null }): string {
  return n.name ? `${n.uid} ${n.name}` : `uid ${n.uid}`;
}

const columns = (netuid: number, localnet: boolean): Column<NeuronRowJson>[] => [
  {
    key: "uid",
    label: "uid",
    value: (n) => n.uid,
    cell: (n) => h("a", { href: `#/subnet/${netuid}/neuron/${n.uid}` }, String(n.uid)),
  },
  {
    key: "hotkey",
    label: "hotkey",
    value: (n) => n.hotkey,
    cell: (n) => h("span", { class: "mono", title: n.hotkey }, short(n.hotkey)),
    left: true,
  },
  ...(localnet
    ? [
        { key: "name", label: "name", value: (n: NeuronRowJson) => n.name ?? "", left: true },
        {
          key: "behaviour",
          label: "behaviour",
          value: (n: NeuronRowJson) => n.behaviour ?? "",
          cell: (n: NeuronRowJson) =>
            n.behaviour && n.behaviour !== "-"
              ? h("span", { class: n.behaviour === "honest" ? "tag good" : "tag bad" }, n.behaviour)
              : (n.role ?? "-"),
          left: true,
        },
      ]
    : []),
  { key: "stake", label: "stake", value: (n) => tokensFloat(n.stake), cell: (n) => tokens(n.stake) },
  { key: "permit", label: "permit", value: (n) => (n.validatorPermit ? 1 : 0), cell: (n) => (n.validatorPermit ? "yes" : "-") },
  { key: "trust", label: "trust", value: (n) => n.trust, cell: (n) => u16(n.trust) },
  { key: "consensus", label: "consensus", value: (n) => n.consensus, cell: (n) => u16(n.consensus) },
  { key: "incentive", label: "incentive", value: (n) => n.incentive, cell: (n) => u16(n.incentive) },
  { key: "dividends", label: "dividends", value: (n) => n.dividends, cell: (n) => u16(n.dividends) },
  { key: "emission", label: "emission", value: (n) => tokensFloat(n.emission), cell: (n) => tokens(n.emission, 6) },
  { key: "lastUpdate", label: "last update", value: (n) => n.lastUpdate },
  {
    key: "endpoint",
    label: "endpoint (peer id)",
    value: (n) => n.peerId ?? "",
    cell: (n) => h("span", { class: "mono", title: [n.peerId ?? "", ...n.multiaddrs].join("\n") }, short(n.peerId)),
    left: true,
  },
];

/** Per-uid series from the epoch history, for the uids `pick` selects. */
function series(view: SubnetView, field: "incentive" | "dividends", pick: (n: NeuronRowJson) => boolean): Series[] {
  return view.neurons.filter(pick).map((n) => ({
    label: neuronLabel(n),
    points: view.history
      .filter((p) => p.hotkeys[n.uid] === n.hotkey)
      .map((p) => [p.block, (p[field][n.uid] ?? 0) / 65535] as [number, number]),
  }));
}

function chartPanel(title: string, id: string, draw: (c: HTMLCanvasElement) => void, labels: string[]): HTMLElement {
  const canvas = h("canvas", { id });
  // Drawn once the canvas is in the document and has a size.
  requestAnimationFrame(() => draw(canvas));
  return h("div", { class: "panel" }, h("h3", {}, title), canvas, legend(labels));
}

export function subnetPage(view: SubnetView, localnet: boolean): HTMLElement {
  // A permit says who may validate, not who is paid as what: chart every uid that earned
  // incentive (a miner's pay) or dividends (a validator's) in any epoch seen.
  const earned = (field: "incentive" | "dividends") => (n: NeuronRowJson) =>
    view.history.some((p) => p.hotkeys[n.uid] === n.hotkey && (p[field][n.uid] ?? 0) > 0);
  const inc = series(view, "incentive", earned("incentive"));
  const div = series(view, "dividends", earned("dividends"));
  const byUid = new Map(view.neurons.map((n) => [n.uid, n]));
  const label = (uid: number) => byUid.get(uid)?.name ?? `uid ${uid}`;
  const paid = view.history.filter((p) => p.payout !== null);
  const splits = paid.map((p) => ({
    block: p.block,
    parts: [tokensFloat(p.payout!.ownerCut), tokensFloat(p.payout!.validators), tokensFloat(p.payout!.miners)],
  }));
  const last = paid.at(-1)?.payout;
  const lastTotal = last ? BigInt(last.ownerCut) + BigInt(last.validators) + BigInt(last.miners) : 0n;
  const share = (part: string) => (lastTotal > 0n ? `${(Number((BigInt(part) * 10_000n) / lastTotal) / 100).toFixed(2)}%` : "-");
  return h(
    "div",
    {},
    h(
      "h2",
      {},
      `Subnet ${view.netuid} `,
      h(
        "small",
        {},
        `block ${view.block} · tempo ${view.tempo} · owner ${short(view.owner)} · ${tokens(view.emissionPerBlock)} per block`,
      ),
    ),
    sortableTable(`metagraph`, columns(view.netuid, localnet), view.neurons, (n) => ({ "data-uid": String(n.uid) })),
    h("h2", {}, "Epochs ", h("small", {}, `${view.history.length} seen since the dashboard started`)),
    h(
      "div",
      { class: "grid" },
      chartPanel(
        "incentive (miners)",
        "chart-incentive",
        (c) => lineChart(c, inc, { yMax: 1 }),
        inc.map((s) => s.label),
      ),
      chartPanel(
        "dividends (validators)",
        "chart-dividends",
        (c) => lineChart(c, div, { yMax: 1 }),
        div.map((s) => s.label),
      ),
      chartPanel(
        "weights (validators × uids)",
        "chart-weights",
        (c) => heatmap(c, view.weights.rows.map(label), view.weights.cols.map(String), view.weights.values),
        [],
      ),
      chartPanel(
        last
          ? `split of each epoch's payout; last: owner ${share(last.ownerCut)}, validators ${share(last.validators)}, miners ${share(last.miners)}`
          : "split of each epoch's payout",
        "chart-split",
        (c) => splitBars(c, splits, ["owner", "validators", "miners"]),
        ["owner", "validators", "miners"],
      ),
    ),
  );
}
