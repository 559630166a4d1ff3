import { type Canvas, createCanvas, type Image, loadImage } from "@napi-rs/canvas";
import { errorMessage } from "../../lib/errors.js";
import { OcrError } from "./errors.js";

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Reads width and height from a PNG's IHDR without decoding it, so an image that claims
 * huge dimensions (a decompression bomb) is refused before any pixel is allocated.
 */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  if (bytes.length < 24 || PNG_SIGNATURE.some((b, i) => bytes[i] !== b)) {
    throw new OcrError({ code: "BAD_IMAGE", field: "image", reason: "not a PNG file" }, "image: not a PNG file");
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

export interface DecodedImage {
  width: number;
  height: number;
  /** The decoded image, for drawing crops from. */
  source: Image;
  /** RGBA bytes, row-major. */
  rgba: Uint8ClampedArray;
}

export async function decodePng(bytes: Uint8Array, maxSide: number): Promise<DecodedImage> {
  const { width, height } = pngSize(bytes);
  if (width < 8 || height < 8 || width > maxSide || height > maxSide) {
    throw new OcrError(
      { code: "BAD_IMAGE", field: "image", reason: `${width}x${height}: each side must be 8..${maxSide} px` },
      `image: ${width}x${height}, each side must be 8..${maxSide} px`,
    );
  }
  let source: Image;
  try {
    // A Buffer, never a string: loadImage would treat a string as a path or URL.
    source = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    const reason = `undecodable PNG: ${errorMessage(err)}`;
    throw new OcrError({ code: "BAD_IMAGE", field: "image", reason }, `image: ${reason}`);
  }
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  ctx.drawImage(source, 0, 0);
  return { width, height, source, rgba: ctx.getImageData(0, 0, width, height).data };
}

/** A quadrilateral: top-left, top-right, bottom-right, bottom-left, in image pixels. */
export type Quad = [[number, number], [number, number], [number, number], [number, number]];

/**
 * Crops the (possibly rotated) rectangle `quad` out of `image`, upright, scaled to `height`
 * pixels high, width following the aspect ratio up to `maxWidth`. `flip` turns it 180 degrees
 * (for text the direction classifier found upside down).
 */
export function cropQuad(image: DecodedImage, quad: Quad, height: number, maxWidth: number, flip = false): Canvas {
  const [tl, tr, , bl] = quad;
  const w = Math.hypot(tr[0] - tl[0], tr[1] - tl[1]);
  const h = Math.hypot(bl[0] - tl[0], bl[1] - tl[1]);
  const scale = height / Math.max(h, 1);
  const outW = Math.max(1, Math.min(maxWidth, Math.ceil(w * scale)));
  const cos = (tr[0] - tl[0]) / Math.max(w, 1e-6);
  const sin = (tr[1] - tl[1]) / Math.max(w, 1e-6);
  const canvas = createCanvas(outW, height);
  const ctx = canvas.getContext("2d");
  ctx.imageSmoothingEnabled = true;
  ctx.imageSmoothingQuality = "high";
  const sx = outW / Math.max(w * scale, 1e-6); // squeeze when the width hit maxWidth
  if (flip) {
    ctx.translate(outW, height);
    ctx.rotate(Math.PI);
  }
  // Maps image coordinates onto the crop: rotate by -angle about the quad's corner, then scale.
  const a = scale * sx * cos;
  const b = -scale * sin;
  const c = scale * sx * sin;
  const d = scale * cos;
  ctx.transform(a, b, c, d, -(a * tl[0] + c * tl[1]), -(b * tl[0] + d * tl[1]));
  ctx.drawImage(image.source, 0, 0);
  return canvas;
}

/**
 * Writes a canvas' pixels into `out` (NCHW float32, BGR order as PaddleOCR's models were trained
 * on OpenCV images) at row `index`, normalized as (v/255 - mean)/std, left-aligned and zero-padded
 * to `width`.
 */
export function writeChw(
  canvas: Canvas,
  out: Float32Array,
  index: number,
  height: number,
  width: number,
  mean: readonly [number, number, number],
  std: readonly [number, number, number],
): void {
  const w = Math.min(canvas.width, width);
  const pixels = canvas.getContext("2d").getImageData(0, 0, w, height).data;
  const plane = height * width;
  const base = index * 3 * plane;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < w; x++) {
      const p = (y * w + x) * 4;
      const o = y * width + x;
      // BGR: channel 0 is blue.
      out[base + o] = ((pixels[p + 2] as number) / 255 - mean[0]) / std[0];
      out[base + plane + o] = ((pixels[p + 1] as number) / 255 - mean[1]) / std[1];
      out[base + 2 * plane + o] = ((pixels[p] as number) / 255 - mean[2]) / std[2];
    }
  }
}
