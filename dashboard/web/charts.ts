/**
 * Canvas charts, drawn by hand: a line chart, a heatmap and stacked bars are all this page
 * needs, and each is a few dozen lines (a chart library would be 40-200 KB for the same).
 * Each sets `data-points` on its canvas once drawn (the browser test reads it).
 */
import { h } from "./dom.js";

export const PALETTE = [
  "#5fb3f9",
  "#f2c14e",
  "#5fd38d",
  "#f26d6d",
  "#b48ef0",
  "#4fd1c5",
  "#f49b5b",
  "#e57fc1",
  "#a3be8c",
  "#88c0d0",
];
const AXIS = "#8a96a8";
const GRID = "#263140";

/** A canvas sized to its CSS box times the device pixel ratio, with the context scaled. */
function prepare(canvas: HTMLCanvasElement): { ctx: CanvasRenderingContext2D; w: number; hgt: number } | null {
  const ctx = canvas.getContext("2d");
  if (!ctx) return null;
  const dpr = window.devicePixelRatio || 1;
  const w = canvas.clientWidth || 400;
  const hgt = canvas.clientHeight || 240;
  canvas.width = Math.round(w * dpr);
  canvas.height = Math.round(hgt * dpr);
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, w, hgt);
  ctx.font = "11px system-ui, sans-serif";
  return { ctx, w, hgt };
}

export interface Series {
  label: string;
  points: Array<[number, number]>;
}

function emptyNote(ctx: CanvasRenderingContext2D, w: number, hgt: number, text: string) {
  ctx.fillStyle = AXIS;
  ctx.textAlign = "center";
  ctx.fillText(text, w / 2, hgt / 2);
}

/** Lines over x = block, y from 0 to the largest value (or `yMax`). */
export function lineChart(
  canvas: HTMLCanvasElement,
  series: Series[],
  opts: { yMax?: number; yFormat?: (v: number) => string } = {},
) {
  const p = prepare(canvas);
  if (!p) return;
  const { ctx, w, hgt } = p;
  const all = series.flatMap((s) => s.points);
  canvas.dataset.points = String(all.length);
  if (all.length === 0) return emptyNote(ctx, w, hgt, "no epoch seen yet: the chart fills as epochs run");
  const pad = { l: 48, r: 10, t: 10, b: 22 };
  const xs = all.map((q) => q[0]);
  let x0 = Math.min(...xs);
  let x1 = Math.max(...xs);
  if (x0 === x1) {
    x0 -= 1;
    x1 += 1;
  }
  const yMax = opts.yMax ?? (Math.max(...all.map((q) => q[1])) || 1);
  const X = (x: number) => pad.l + ((x - x0) / (x1 - x0)) * (w - pad.l - pad.r);
  const Y = (y: number) => hgt - pad.b - (y / yMax) * (hgt - pad.t - pad.b);
  ctx.strokeStyle = GRID;
  ctx.fillStyle = AXIS;
  ctx.textAlign = "right";
  for (let i = 0; i <= 4; i++) {
    const y = (yMax * i) / 4;
    ctx.beginPath();
    ctx.moveTo(pad.l, Y(y));
    ctx.lineTo(w - pad.r, Y(y));
    ctx.stroke();
    ctx.fillText(opts.yFormat ? opts.yFormat(y) : y.toFixed(2), pad.l - 4, Y(y) + 4);
  }
  ctx.textAlign = "center";
  ctx.fillText(`block ${Math.round(x0)}`, pad.l + 30, hgt - 6);
  ctx.fillText(`block ${Math.round(x1)}`, w - pad.r - 30, hgt - 6);
  series.forEach((s, i) => {
    ctx.strokeStyle = PALETTE[i % PALETTE.length]!;
    ctx.fillStyle = ctx.strokeStyle;
    ctx.lineWidth = 2;
    ctx.beginPath();
    s.points.forEach(([x, y], j) => {
      if (j === 0) ctx.moveTo(X(x), Y(y));
      else ctx.lineTo(X(x), Y(y));
    });
    ctx.stroke();
    for (const [x, y] of s.points) ctx.fillRect(X(x) - 2, Y(y) - 2, 4, 4);
  });
}

/** Rows x columns of u16 values; darker = 0, brighter = larger. */
export function heatmap(canvas: HTMLCanvasElement, rows: string[], cols: string[], values: number[][]) {
  const p = prepare(canvas);
  if (!p) return;
  const { ctx, w, hgt } = p;
  canvas.dataset.points = String(rows.length * cols.length);
  if (rows.length === 0 || cols.length === 0) return emptyNote(ctx, w, hgt, "no weights set yet");
  const pad = { l: 80, t: 18, r: 6, b: 6 };
  const cw = (w - pad.l - pad.r) / cols.length;
  const ch = Math.min(28, (hgt - pad.t - pad.b) / rows.length);
  const max = Math.max(1, ...values.flat());
  ctx.fillStyle = AXIS;
  ctx.textAlign = "center";
  // With many uids, label every k-th column so labels do not overlap.
  const every = Math.max(1, Math.ceil(22 / cw));
  cols.forEach((c, j) => {
    if (j % every === 0) ctx.fillText(c, pad.l + cw * j + cw / 2, 12);
  });
  ctx.textAlign = "right";
  rows.forEach((r, i) => {
    ctx.fillStyle = AXIS;
    ctx.fillText(r, pad.l - 6, pad.t + ch * i + ch / 2 + 4);
    values[i]?.forEach((v, j) => {
      const t = v / max;
      ctx.fillStyle = `rgb(${Math.round(22 + t * 73)}, ${Math.round(29 + t * 150)}, ${Math.round(38 + t * 211)})`;
      ctx.fillRect(pad.l + cw * j + 1, pad.t + ch * i + 1, cw - 2, ch - 2);
    });
  });
}

/** One stacked bar per epoch: owner / validators / miners (their sum is the epoch's payout). */
export function splitBars(canvas: HTMLCanvasElement, epochs: Array<{ block: number; parts: number[] }>, labels: string[]) {
  const p = prepare(canvas);
  if (!p) return;
  const { ctx, w, hgt } = p;
  canvas.dataset.points = String(epochs.length);
  if (epochs.length === 0) return emptyNote(ctx, w, hgt, "no paid epoch seen yet");
  const pad = { l: 10, r: 10, t: 10, b: 22 };
  const bw = Math.min(48, (w - pad.l - pad.r) / epochs.length);
  epochs.forEach((e, i) => {
    const total = e.parts.reduce((a, b) => a + b, 0) || 1;
    let y = hgt - pad.b;
    e.parts.forEach((part, k) => {
      const bh = (part / total) * (hgt - pad.t - pad.b);
      ctx.fillStyle = PALETTE[k % PALETTE.length]!;
      ctx.fillRect(pad.l + bw * i + 2, y - bh, bw - 4, bh);
      y -= bh;
    });
    ctx.fillStyle = AXIS;
    ctx.textAlign = "center";
    if (epochs.length <= 12 || i % Math.ceil(epochs.length / 12) === 0)
      ctx.fillText(String(e.block), pad.l + bw * i + bw / 2, hgt - 6);
  });
  canvas.title = labels.join(" / ");
}

export function legend(labels: string[]): HTMLElement {
  return h(
    "div",
    { class: "legend" },
    ...labels.map((l, i) => h("span", {}, h("i", { style: `background:${PALETTE[i % PALETTE.length]}` }), l)),
  );
}
