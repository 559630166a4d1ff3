import type { NeuronView } from "../api-types.js";
import { legend, lineChart } from "./charts.js";
import { card, h } from "./dom.js";
import { short, tokens, u16 } from "./format.js";
import { neuronLabel } from "./subnet-page.js";

function weightList(title: string, netuid: number, items: NeuronView["weightsIn"], shareLabel: string): HTMLElement {
  return h(
    "div",
    { class: "panel" },
    h("h3", {}, title),
    items.length === 0
      ? h("div", { class: "empty" }, "none")
      : h(
          "table",
          {},
          h("tr", {}, h("th", { class: "l" }, "uid"), h("th", {}, "weight (u16)"), h("th", {}, shareLabel)),
          ...items.map((w) =>
            h(
              "tr",
              {},
              h("td", { class: "l" }, h("a", { href: `#/subnet/${netuid}/neuron/${w.uid}` }, String(w.uid))),
              h("td", {}, String(w.weight)),
              h("td", {}, `${(w.share * 100).toFixed(1)}%`),
            ),
          ),
        ),
  );
}

export function neuronPage(view: NeuronView): HTMLElement {
  const n = view.neuron;
  const canvas = h("canvas", { id: "chart-history" });
  const series = [
    { label: "incentive", points: view.history.map((p) => [p.block, p.incentive / 65535] as [number, number]) },
    { label: "dividends", points: view.history.map((p) => [p.block, p.dividends / 65535] as [number, number]) },
  ];
  requestAnimationFrame(() => lineChart(canvas, series, { yMax: 1 }));
  const node = view.node;
  const health = node?.health as { ok?: boolean } | null | undefined;
  return h(
    "div",
    {},
    h("h2", {}, `Subnet ${view.netuid} · ${neuronLabel(n)} `, h("small", {}, `block ${view.block}`)),
    h(
      "div",
      { class: "cards" },
      card("hotkey", short(n.hotkey)),
      card("coldkey", short(n.coldkey)),
      n.behaviour ? card("role / behaviour", `${n.role ?? "?"} / ${n.behaviour}`) : null,
      card("stake", tokens(n.stake)),
      card("incentive", u16(n.incentive)),
      card("dividends", u16(n.dividends)),
      card("trust", u16(n.trust)),
      card("emission", tokens(n.emission, 6)),
      card("permit", n.validatorPermit ? "validator" : "-"),
      card("last update", String(n.lastUpdate)),
    ),
    h(
      "div",
      { class: "panel" },
      h("h3", {}, "endpoint"),
      h("div", { class: "mono" }, n.peerId ?? "not served"),
      ...n.multiaddrs.map((a) => h("div", { class: "mono" }, a)),
    ),
    node
      ? h(
          "div",
          { class: "panel", id: "node-status" },
          h("h3", {}, "node process (localnet)"),
          h("div", {}, node.running ? (health?.ok === false ? "running, unhealthy" : "running") : "not running"),
          h("pre", { class: "mono" }, JSON.stringify(node.health, null, 1) ?? "no /health answer"),
          h(
            "table",
            {},
            ...Object.entries(node.metrics).map(([k, v]) => h("tr", {}, h("td", { class: "l mono" }, k), h("td", {}, String(v)))),
          ),
        )
      : null,
    h("h2", {}, "History ", h("small", {}, `${view.history.length} epochs`)),
    h("div", { class: "panel" }, canvas, legend(series.map((s) => s.label))),
    h(
      "div",
      { class: "grid" },
      weightList("weights out (this uid's weights)", view.netuid, view.weightsOut, "share of its weights"),
      weightList("weights in (who weights this uid)", view.netuid, view.weightsIn, "share of the setter's weights"),
    ),
  );
}
