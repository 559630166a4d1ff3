import { z } from "zod";

/** Base64 of at most 4 MiB of PNG; the image's own size is checked again after decoding the header. */
export const MAX_IMAGE_BASE64 = Math.ceil((4 * 1024 * 1024) / 3) * 4;

export const ocrRequestSchema = z
  .object({
    /** The image to read, a PNG, base64-encoded. */
    image: z
      .string()
      .max(MAX_IMAGE_BASE64)
      .regex(/^[A-Za-z0-9+/]+={0,2}$/, "must be base64"),
  })
  .strict();

const point = z.tuple([z.number().finite(), z.number().finite()]);

export const ocrLineSchema = z
  .object({
    text: z.string().max(512),
    /** Top-left, top-right, bottom-right, bottom-left corners in image pixels. */
    box: z.tuple([point, point, point, point]),
    confidence: z.number().min(0).max(1),
  })
  .strict();

export const ocrResponseSchema = z.object({ lines: z.array(ocrLineSchema).max(64) }).strict();

export type OcrRequest = z.infer<typeof ocrRequestSchema>;
export type OcrLine = z.infer<typeof ocrLineSchema>;
export type OcrResponse = z.infer<typeof ocrResponseSchema>;

/** The text of a response in reading order: lines top to bottom, then left to right. */
export function responseText(lines: readonly OcrLine[]): string {
  const ordered = [...lines].sort((a, b) => {
    const ay = (a.box[0][1] + a.box[3][1]) / 2;
    const by = (b.box[0][1] + b.box[3][1]) / 2;
    const ah = Math.abs(a.box[3][1] - a.box[0][1]);
    // Same line when the centres are within half a line height of each other.
    return Math.abs(ay - by) < ah / 2 ? a.box[0][0] - b.box[0][0] : ay - by;
  });
  return ordered.map((l) => l.text).join(" ");
}
