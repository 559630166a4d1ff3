import type { NetworkView, SubnetRow } from "../api-types.js";
import { card, h } from "./dom.js";
import { pct, short, tokens } from "./format.js";
import { sortableTable } from "./table.js";

/** The network: block, finalized, issuance, emission, and every subnet. */
export function networkPage(view: NetworkView): HTMLElement {
  const cards = h(
    "div",
    { class: "cards" },
    card("block", view.block === null ? "-" : String(view.block), "block"),
    card("finalized", view.finalized === null ? "-" : String(view.finalized), "finalized"),
    card("issuance", tokens(view.issuance, 2), "issuance"),
    card("emission per block", tokens(view.emissionPerBlock, 4), "emission"),
    card(
      "subnets",
      view.subnetLimit === null ? "-" : `${view.subnets.filter((s) => s.netuid !== 0).length} / ${view.subnetLimit}`,
    ),
    card("network immunity", view.networkImmunityPeriod === null ? "-" : `${view.networkImmunityPeriod} blocks`),
  );
  const table = sortableTable<SubnetRow>(
    "subnets",
    [
      {
        key: "netuid",
        label: "netuid",
        value: (s) => s.netuid,
        cell: (s) => h("a", { href: `#/subnet/${s.netuid}` }, s.netuid === 0 ? "0 (root)" : String(s.netuid)),
      },
      {
        key: "owner",
        label: "owner",
        value: (s) => s.owner,
        cell: (s) => h("span", { class: "mono", title: s.owner }, short(s.owner)),
        left: true,
      },
      { key: "n", label: "neurons", value: (s) => s.n, cell: (s) => `${s.n} / ${s.maxAllowedUids}` },
      { key: "tempo", label: "tempo", value: (s) => s.tempo },
      { key: "next", label: "next epoch in", value: (s) => s.nextEpochIn },
      { key: "share", label: "emission share", value: (s) => s.emissionShare, cell: (s) => pct(s.emissionShare) },
      {
        key: "epb",
        label: "emission / block",
        value: (s) => Number(s.emissionPerBlock),
        cell: (s) => tokens(s.emissionPerBlock),
      },
      {
        key: "cost",
        label: "registration cost",
        value: (s) => Number(s.registrationCost),
        cell: (s) => tokens(s.registrationCost),
      },
      { key: "lock", label: "lock", value: (s) => Number(s.lock), cell: (s) => tokens(s.lock) },
      {
        key: "immunity",
        label: "immunity left",
        value: (s) => s.immunityLeft,
        cell: (s) => (s.immunityLeft > 0 ? `${s.immunityLeft} blocks` : "-"),
      },
    ],
    view.subnets,
    (s) => ({ "data-netuid": String(s.netuid) }),
  );
  return h(
    "div",
    {},
    cards,
    h("h2", {}, "Subnets ", h("small", {}, "emission share is set by root weights; click a netuid for its metagraph")),
    view.subnets.length ? table : h("div", { class: "empty" }, "no subnets (yet)"),
  );
}
