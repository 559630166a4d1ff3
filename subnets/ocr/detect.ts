import { createCanvas } from "@napi-rs/canvas";
import type { DecodedImage, Quad } from "./image.js";

/** ImageNet mean/std that PaddleOCR's detector was trained with (applied to BGR, as there). */
export const DET_MEAN = [0.485, 0.456, 0.406] as const;
export const DET_STD = [0.229, 0.224, 0.225] as const;

export interface DetectOptions {
  /** Longest side fed to the detector (rounded to a multiple of 32). */
  limitSide: number;
  /** Pixel probability above which a pixel is text. */
  threshold: number;
  /** Mean probability a region needs to be kept. */
  boxThreshold: number;
  /** How far to grow the shrunk text kernel back (DB's unclip ratio). */
  unclipRatio: number;
  minSize: number;
  maxBoxes: number;
}

export const DEFAULT_DETECT: DetectOptions = {
  limitSide: 960,
  threshold: 0.3,
  boxThreshold: 0.6,
  unclipRatio: 1.6,
  minSize: 3,
  maxBoxes: 64,
};

/** The detector's input: the image resized to multiples of 32, NCHW, normalized. */
export function detectorInput(image: DecodedImage, limitSide: number): { data: Float32Array; width: number; height: number } {
  const ratio = Math.min(1, limitSide / Math.max(image.width, image.height));
  const width = Math.max(32, Math.round((image.width * ratio) / 32) * 32);
  const height = Math.max(32, Math.round((image.height * ratio) / 32) * 32);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(image.source, 0, 0, width, height);
  const px = ctx.getImageData(0, 0, width, height).data;
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  for (let i = 0; i < plane; i++) {
    const p = i * 4;
    data[i] = ((px[p + 2] as number) / 255 - DET_MEAN[0]) / DET_STD[0];
    data[plane + i] = ((px[p + 1] as number) / 255 - DET_MEAN[1]) / DET_STD[1];
    data[2 * plane + i] = ((px[p] as number) / 255 - DET_MEAN[2]) / DET_STD[2];
  }
  return { data, width, height };
}

export interface DetectedBox {
  quad: Quad;
  score: number;
}

/**
 * DB post-processing: threshold the probability map, take connected regions, fit each an
 * oriented rectangle (principal axis of its pixels), grow it by DB's unclip distance
 * (area * ratio / perimeter) and scale it back to the image.
 */
export function boxesFromProbabilities(
  prob: Float32Array,
  mapW: number,
  mapH: number,
  imageW: number,
  imageH: number,
  options: DetectOptions,
): DetectedBox[] {
  const seen = new Uint8Array(mapW * mapH);
  const stack = new Int32Array(mapW * mapH);
  const boxes: DetectedBox[] = [];
  const sx = imageW / mapW;
  const sy = imageH / mapH;
  for (let start = 0; start < prob.length; start++) {
    if (seen[start] || (prob[start] as number) <= options.threshold) continue;
    // Flood fill (4-connected) with an explicit stack.
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    let n = 0;
    let sum = 0;
    let mx = 0;
    let my = 0;
    let mxx = 0;
    let myy = 0;
    let mxy = 0;
    const pixels: number[] = [];
    while (top > 0) {
      const i = stack[--top] as number;
      const x = i % mapW;
      const y = (i - x) / mapW;
      pixels.push(i);
      n++;
      sum += prob[i] as number;
      mx += x;
      my += y;
      mxx += x * x;
      myy += y * y;
      mxy += x * y;
      const next = [x > 0 ? i - 1 : -1, x + 1 < mapW ? i + 1 : -1, y > 0 ? i - mapW : -1, y + 1 < mapH ? i + mapW : -1];
      for (const j of next) {
        if (j >= 0 && !seen[j] && (prob[j] as number) > options.threshold) {
          seen[j] = 1;
          stack[top++] = j;
        }
      }
    }
    if (n < options.minSize * options.minSize || sum / n < options.boxThreshold) continue;
    mx /= n;
    my /= n;
    const cxx = mxx / n - mx * mx;
    const cyy = myy / n - my * my;
    const cxy = mxy / n - mx * my;
    // Principal axis of the region: the text line's direction.
    let angle = 0.5 * Math.atan2(2 * cxy, cxx - cyy);
    if (angle > Math.PI / 4) angle -= Math.PI / 2;
    if (angle < -Math.PI / 4) angle += Math.PI / 2;
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    let minU = Number.POSITIVE_INFINITY;
    let maxU = Number.NEGATIVE_INFINITY;
    let minV = Number.POSITIVE_INFINITY;
    let maxV = Number.NEGATIVE_INFINITY;
    for (const i of pixels) {
      const x = (i % mapW) - mx;
      const y = Math.floor(i / mapW) - my;
      const u = x * cos + y * sin;
      const v = -x * sin + y * cos;
      if (u < minU) minU = u;
      if (u > maxU) maxU = u;
      if (v < minV) minV = v;
      if (v > maxV) maxV = v;
    }
    // Pixel centres to pixel edges.
    minU -= 0.5;
    maxU += 0.5;
    minV -= 0.5;
    maxV += 0.5;
    const w = maxU - minU;
    const h = maxV - minV;
    if (Math.min(w, h) < options.minSize) continue;
    const grow = (w * h * options.unclipRatio) / (2 * (w + h));
    minU -= grow;
    maxU += grow;
    minV -= grow;
    maxV += grow;
    const corner = (u: number, v: number): [number, number] => {
      const x = mx + u * cos - v * sin + 0.5;
      const y = my + u * sin + v * cos + 0.5;
      return [clamp(x * sx, 0, imageW), clamp(y * sy, 0, imageH)];
    };
    boxes.push({ quad: [corner(minU, minV), corner(maxU, minV), corner(maxU, maxV), corner(minU, maxV)], score: sum / n });
  }
  boxes.sort((a, b) => a.quad[0][1] - b.quad[0][1] || a.quad[0][0] - b.quad[0][0]);
  return boxes.slice(0, options.maxBoxes);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
