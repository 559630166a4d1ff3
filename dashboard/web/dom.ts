/** A tiny element builder: text goes through textContent, never innerHTML. */
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string | number | boolean | ((e: Event) => void) | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.replace(/^on/, ""), v);
    else if (k === "class") el.className = String(v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

export function banner(text: string, kind: "error" | "info" = "error"): HTMLElement {
  return h("div", { class: kind === "error" ? "banner" : "banner info", role: "alert" }, text);
}

export function card(label: string, value: string, id?: string): HTMLElement {
  return h("div", { class: "card", "data-card": id }, h("div", { class: "k" }, label), h("div", { class: "v" }, value));
}
