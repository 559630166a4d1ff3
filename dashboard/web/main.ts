/**
 * The dashboard page: a hash router over three views (#/, #/subnet/N, #/subnet/N/neuron/U),
 * live through /api/events: each new block re-renders the view from fresh JSON.
 */
import type { NetworkView, NeuronView, SubnetView } from "../api-types.js";
import { ApiError, follow, getJson } from "./api.js";
import { banner, h } from "./dom.js";
import { networkPage } from "./network-page.js";
import { neuronPage } from "./neuron-page.js";
import { subnetPage } from "./subnet-page.js";

type Route = { page: "network" } | { page: "subnet"; netuid: string } | { page: "neuron"; netuid: string; uid: string };

let network: NetworkView | null = null;
let linkUp = true;
let rendering = false;
let again = false;

function route(): Route {
  const parts = location.hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  if (parts[0] === "subnet" && parts[1] !== undefined) {
    if (parts[2] === "neuron" && parts[3] !== undefined) return { page: "neuron", netuid: parts[1], uid: parts[3] };
    return { page: "subnet", netuid: parts[1] };
  }
  return { page: "network" };
}

function statusLine(): void {
  const el = document.getElementById("status");
  if (!el) return;
  const status = !linkUp ? "down" : (network?.chain.status ?? "connecting");
  const text = !linkUp
    ? "dashboard server unreachable"
    : network?.chain.status === "up"
      ? `block ${network.block ?? "-"} · finalized ${network.finalized ?? "-"}`
      : network?.chain.status === "down"
        ? "chain unreachable"
        : "connecting to the chain";
  el.replaceChildren(h("span", { class: `dot ${status}` }), text);
  el.dataset.status = status;
}

function crumbs(r: Route): void {
  const nav = document.getElementById("crumbs");
  if (!nav) return;
  const items: Node[] = [h("a", { href: "#/" }, "network")];
  if (r.page !== "network")
    items.push(document.createTextNode(" / "), h("a", { href: `#/subnet/${r.netuid}` }, `subnet ${r.netuid}`));
  if (r.page === "neuron") items.push(document.createTextNode(` / uid ${r.uid}`));
  nav.replaceChildren(...items);
}

/** Why the chain is not answering, shown above every page until it is back. */
function chainBanner(): HTMLElement | null {
  if (!linkUp) return banner("The dashboard server does not answer. Retrying; the page recovers by itself.");
  if (network?.chain.status === "down") {
    return banner(
      `The chain at ${network.chain.endpoint} is unreachable: ${network.chain.error ?? "no answer"}. Retrying; the page recovers by itself when it is back.`,
    );
  }
  if (!network || network.chain.status === "connecting") return banner(`Connecting to the chain...`, "info");
  return null;
}

async function body(r: Route): Promise<HTMLElement> {
  try {
    if (r.page === "network") return network ? networkPage(network) : h("div", { class: "empty" }, "waiting for the chain");
    if (r.page === "subnet") {
      return subnetPage(await getJson<SubnetView>(`/api/subnets/${encodeURIComponent(r.netuid)}`), network?.localnet ?? false);
    }
    return neuronPage(
      await getJson<NeuronView>(`/api/subnets/${encodeURIComponent(r.netuid)}/neurons/${encodeURIComponent(r.uid)}`),
    );
  } catch (err) {
    if (err instanceof ApiError) {
      // The chain banner already says why when the chain is down.
      if (err.code === "CHAIN_UNAVAILABLE" || err.code === "SERVER_UNREACHABLE")
        return h("div", { class: "empty" }, "no data while the chain is unreachable");
      return h("div", {}, banner(err.message), h("a", { href: "#/" }, "back to the network"));
    }
    return banner(`this page failed: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Renders the current route; a render asked for meanwhile runs once after it (no overlap). */
async function render(): Promise<void> {
  if (rendering) {
    again = true;
    return;
  }
  rendering = true;
  try {
    do {
      again = false;
      const r = route();
      crumbs(r);
      statusLine();
      const content = await body(r);
      const app = document.getElementById("app")!;
      const scroll = window.scrollY;
      app.replaceChildren(...[chainBanner(), content].filter((x): x is HTMLElement => x !== null));
      window.scrollTo(0, scroll);
      app.dataset.block = String(network?.block ?? "");
      app.dataset.page = r.page;
    } while (again);
  } finally {
    rendering = false;
  }
}

window.addEventListener("hashchange", () => void render());
follow(
  (view) => {
    const changed = view.block !== network?.block || view.chain.status !== network?.chain.status || !linkUp;
    network = view;
    linkUp = true;
    if (changed) void render();
    else statusLine();
  },
  (up) => {
    if (up === linkUp) return;
    linkUp = up;
    void render();
  },
);
void render();
