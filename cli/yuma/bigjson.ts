/**
 * JSON.parse that keeps integers above 2^53 exact: before parsing, every integer literal of 16+
 * digits outside strings is turned into a tagged string, which `bigIntOf` reads back as a bigint.
 * (Node 20's JSON.parse has no access to a number's source text.)
 */
export const BIG_TAG = "@@mt-bigint@@";

export function parseJsonKeepingBigInts(text: string): unknown {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i] as string;
    if (c === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      out += text.slice(i, j + 1);
      i = j + 1;
      continue;
    }
    if ((c >= "0" && c <= "9") || c === "-") {
      let j = i + 1;
      while (j < text.length && /[0-9eE.+-]/.test(text[j] as string)) j++;
      const tok = text.slice(i, j);
      out += /^-?\d{16,}$/.test(tok) ? `"${BIG_TAG}${tok}"` : tok;
      i = j;
      continue;
    }
    out += c;
    i++;
  }
  return JSON.parse(out);
}

export function isBigTagged(v: unknown): v is string {
  return typeof v === "string" && v.startsWith(BIG_TAG);
}
