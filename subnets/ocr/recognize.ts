import type { InferenceEngine } from "../../lib/inference.js";
import { ctcDecode, type Decoded } from "./charset.js";
import { cropQuad, type DecodedImage, type Quad, writeChw } from "./image.js";

export const REC_HEIGHT = 48;
/** Widest crop fed to the recognizer; a longer line is squeezed (the detector splits long lines anyway). */
export const REC_MAX_WIDTH = 1280;
const REC_MEAN = [0.5, 0.5, 0.5] as const;
const REC_STD = [0.5, 0.5, 0.5] as const;

/**
 * Recognizes the text in each quad: crops upright, 48 px high, pads all crops of the image to
 * the widest one and runs them as one batch, then CTC-decodes each row.
 */
export async function recognize(
  engine: InferenceEngine,
  charset: readonly string[],
  image: DecodedImage,
  quads: ReadonlyArray<{ quad: Quad; flip?: boolean }>,
  signal?: AbortSignal,
): Promise<Decoded[]> {
  if (quads.length === 0) return [];
  const crops = quads.map((q) => cropQuad(image, q.quad, REC_HEIGHT, REC_MAX_WIDTH, q.flip ?? false));
  // Width a multiple of 8 so close widths share a shape; at least 4x the height as PaddleOCR pads.
  const width = Math.ceil(Math.max(REC_HEIGHT * 4, ...crops.map((c) => c.width)) / 8) * 8;
  const data = new Float32Array(crops.length * 3 * REC_HEIGHT * width);
  crops.forEach((c, i) => {
    writeChw(c, data, i, REC_HEIGHT, width, REC_MEAN, REC_STD);
  });
  const out = await engine.infer(
    { x: { dtype: "float32", dims: [crops.length, 3, REC_HEIGHT, width], data } },
    signal ? { signal } : {},
  );
  const probs = Object.values(out)[0];
  if (!probs) return crops.map(() => ({ text: "", confidence: 0 }));
  const [, steps = 0, classes = 0] = probs.dims;
  return crops.map((_, i) => ctcDecode(probs.data as Float32Array, i * steps * classes, steps, classes, charset));
}
