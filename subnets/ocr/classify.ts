import type { InferenceEngine } from "../../lib/inference.js";
import { cropQuad, type DecodedImage, type Quad, writeChw } from "./image.js";

const CLS_HEIGHT = 48;
const CLS_WIDTH = 192;
const MEAN = [0.5, 0.5, 0.5] as const;
const STD = [0.5, 0.5, 0.5] as const;

/**
 * PaddleOCR's direction classifier: for each crop, whether the text is upside down (class 1,
 * "180"). Only a confident answer flips a crop, as in PaddleOCR (cls_thresh 0.9).
 */
export async function upsideDown(
  engine: InferenceEngine,
  image: DecodedImage,
  quads: readonly Quad[],
  threshold = 0.9,
  signal?: AbortSignal,
): Promise<boolean[]> {
  if (quads.length === 0) return [];
  const data = new Float32Array(quads.length * 3 * CLS_HEIGHT * CLS_WIDTH);
  quads.forEach((q, i) => {
    writeChw(cropQuad(image, q, CLS_HEIGHT, CLS_WIDTH), data, i, CLS_HEIGHT, CLS_WIDTH, MEAN, STD);
  });
  const out = await engine.infer(
    { x: { dtype: "float32", dims: [quads.length, 3, CLS_HEIGHT, CLS_WIDTH], data } },
    signal ? { signal } : {},
  );
  const probs = Object.values(out)[0]?.data as Float32Array | undefined;
  return quads.map((_, i) => (probs ? (probs[i * 2 + 1] as number) > threshold : false));
}
