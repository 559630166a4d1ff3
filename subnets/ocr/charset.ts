import { readFileSync } from "node:fs";

/**
 * The recognizer's classes: CTC blank at 0, then the dictionary's characters, then a space
 * (PaddleOCR's `use_space_char`).
 */
export function loadCharset(dictionaryPath: string): string[] {
  const lines = readFileSync(dictionaryPath, "utf8").split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return ["", ...lines.map((l) => l.replace(/\r$/, "")), " "];
}

export interface Decoded {
  text: string;
  /** Mean probability of the kept characters (0 for an empty line). */
  confidence: number;
}

/**
 * Greedy CTC decoding of one row of recognizer output: best class per time step, repeats
 * collapsed, blanks dropped.
 */
export function ctcDecode(
  probs: Float32Array,
  offset: number,
  steps: number,
  classes: number,
  charset: readonly string[],
): Decoded {
  let text = "";
  let sum = 0;
  let kept = 0;
  let prev = -1;
  for (let t = 0; t < steps; t++) {
    const base = offset + t * classes;
    let best = 0;
    let bestP = probs[base] as number;
    for (let k = 1; k < classes; k++) {
      const p = probs[base + k] as number;
      if (p > bestP) {
        bestP = p;
        best = k;
      }
    }
    if (best !== 0 && best !== prev) {
      text += charset[best] ?? "";
      sum += bestP;
      kept++;
    }
    prev = best;
  }
  return { text, confidence: kept === 0 ? 0 : sum / kept };
}
