/** A table sortable by clicking a header; the sort survives live re-renders (kept per table id). */
import { h } from "./dom.js";

export interface Column<T> {
  key: string;
  label: string;
  /** Sort value. */
  value: (row: T) => number | string;
  cell?: (row: T) => Node | string;
  left?: boolean;
}

const sorts = new Map<string, { key: string; asc: boolean }>();

export function sortableTable<T>(
  id: string,
  columns: Column<T>[],
  rows: T[],
  rowAttrs: (row: T) => Record<string, string>,
): HTMLElement {
  const table = h("table", { id });
  const draw = () => {
    const sort = sorts.get(id);
    const col = columns.find((c) => c.key === sort?.key);
    const sorted = [...rows];
    if (col && sort) {
      sorted.sort((a, b) => {
        const x = col.value(a);
        const y = col.value(b);
        const c = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y));
        return sort.asc ? c : -c;
      });
    }
    const head = h(
      "tr",
      {},
      ...columns.map((c) =>
        h(
          "th",
          {
            class: `${c.left ? "l " : ""}${sort?.key === c.key ? `sorted${sort.asc ? " asc" : ""}` : ""}`,
            "data-key": c.key,
            onclick: () => {
              const cur = sorts.get(id);
              sorts.set(id, { key: c.key, asc: cur?.key === c.key ? !cur.asc : false });
              draw();
            },
          },
          c.label,
        ),
      ),
    );
    const body = sorted.map((r) =>
      h(
        "tr",
        rowAttrs(r),
        ...columns.map((c) => h("td", { class: c.left ? "l" : undefined }, c.cell ? c.cell(r) : String(c.value(r)))),
      ),
    );
    table.replaceChildren(h("thead", {}, head), h("tbody", {}, ...body));
  };
  draw();
  return table;
}
