import { createRequire } from "node:module";
import { createCanvas, GlobalFonts } from "@napi-rs/canvas";
import type { Rng } from "../sdk/rng.js";
import { OcrError } from "./errors.js";
import { WORDS } from "./words.js";

/** Fonts from the `dejavu-fonts-ttf` npm package: a fresh machine needs no system fonts. */
const FONT_FILES = ["DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSerif.ttf", "DejaVuSansMono.ttf", "DejaVuSansCondensed.ttf"];
let fonts: string[] | null = null;

/** Registers the challenge fonts once, under our own family names so no system font stands in. */
export function challengeFonts(): string[] {
  if (fonts) return fonts;
  const require = createRequire(import.meta.url);
  const registered: string[] = [];
  for (const file of FONT_FILES) {
    const family = `mt-${file.replace(/\.ttf$/, "")}`;
    let path: string;
    try {
      path = require.resolve(`dejavu-fonts-ttf/ttf/${file}`);
    } catch {
      throw new OcrError(
        { code: "FONT_MISSING", font: file },
        `font ${file} not found: is the dejavu-fonts-ttf package installed?`,
      );
    }
    if (!GlobalFonts.registerFromPath(path, family))
      throw new OcrError({ code: "FONT_MISSING", font: file }, `font ${file} failed to load`);
    registered.push(family);
  }
  fonts = registered;
  return registered;
}

export interface RenderOptions {
  width: number;
  height: number;
  /** Lines of text per image. */
  minLines: number;
  maxLines: number;
  /** Words per line (one may be a number). */
  minWords: number;
  maxWords: number;
  /** Largest rotation of the text, in degrees either way. */
  maxRotationDeg: number;
  /** Pixel noise amplitude (0-255). */
  noise: number;
}

export const DEFAULT_RENDER: RenderOptions = {
  width: 480,
  height: 160,
  minLines: 1,
  maxLines: 3,
  minWords: 1,
  maxWords: 3,
  maxRotationDeg: 4,
  noise: 24,
};

export interface RenderedChallenge {
  png: Buffer;
  /** Ground truth, one string per line, top to bottom. */
  lines: string[];
}

function word(rng: Rng): string {
  const r = rng.next();
  if (r < 0.2) return String(rng.int(0, 99_999));
  const w = rng.pick(WORDS);
  return r < 0.35 ? w.charAt(0).toUpperCase() + w.slice(1) : r < 0.4 ? w.toUpperCase() : w;
}

/**
 * Renders random words and numbers the validator alone knows: random font, size, colours,
 * rotation, speckle noise and a few distractor strokes. Lines are fitted to the width so the
 * ground truth is exactly what is visible.
 */
export function renderChallenge(rng: Rng, options: RenderOptions = DEFAULT_RENDER): RenderedChallenge {
  const families = challengeFonts();
  const { width, height } = options;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext("2d");
  const bg = rng.int(200, 255);
  ctx.fillStyle = `rgb(${bg}, ${rng.int(200, 255)}, ${rng.int(200, 255)})`;
  ctx.fillRect(0, 0, width, height);
  const lineCount = rng.int(options.minLines, options.maxLines);
  const slot = height / lineCount;
  const family = rng.pick(families);
  const size = Math.max(14, Math.min(Math.floor(slot * 0.55), rng.int(20, 34)));
  ctx.font = `${size}px ${family}`;
  ctx.textBaseline = "middle";
  const angle = ((rng.next() * 2 - 1) * options.maxRotationDeg * Math.PI) / 180;
  ctx.translate(width / 2, height / 2);
  ctx.rotate(angle);
  ctx.translate(-width / 2, -height / 2);
  const lines: string[] = [];
  for (let l = 0; l < lineCount; l++) {
    const words: string[] = [];
    const target = rng.int(options.minWords, options.maxWords);
    for (let i = 0; i < target; i++) {
      const candidate = [...words, word(rng)].join(" ");
      // Keep a margin so rotation cannot push the ends out of the image.
      if (ctx.measureText(candidate).width > width * 0.85) break;
      words.push(candidate.split(" ").pop() as string);
    }
    if (words.length === 0) words.push(String(rng.int(0, 999)));
    const text = words.join(" ");
    const tw = ctx.measureText(text).width;
    const x = rng.int(Math.floor(width * 0.04), Math.max(Math.floor(width * 0.04), Math.floor(width * 0.96 - tw)));
    const y = slot * l + slot / 2;
    const ink = rng.int(0, 90);
    ctx.fillStyle = `rgb(${ink}, ${rng.int(0, 90)}, ${rng.int(0, 90)})`;
    ctx.fillText(text, x, y);
    lines.push(text);
  }
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  // Distractor strokes, thin and light so they do not hide characters.
  for (let i = 0; i < 2; i++) {
    ctx.strokeStyle = `rgba(${rng.int(100, 200)}, ${rng.int(100, 200)}, ${rng.int(100, 200)}, 0.5)`;
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(rng.int(0, width), rng.int(0, height));
    ctx.lineTo(rng.int(0, width), rng.int(0, height));
    ctx.stroke();
  }
  const img = ctx.getImageData(0, 0, width, height);
  const px = img.data;
  for (let i = 0; i < px.length; i += 4) {
    const n = (rng.next() * 2 - 1) * options.noise;
    px[i] = (px[i] as number) + n;
    px[i + 1] = (px[i + 1] as number) + n;
    px[i + 2] = (px[i + 2] as number) + n;
  }
  ctx.putImageData(img, 0, 0);
  return { png: canvas.toBuffer("image/png"), lines };
}
