/** Base units (decimal string) -> tokens with `digits` decimals, exact (BigInt, no float). */
export function tokens(base: string | null | undefined, digits = 4): string {
  if (base === null || base === undefined) return "-";
  const v = BigInt(base);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const whole = abs / 1_000_000_000n;
  const frac = (abs % 1_000_000_000n).toString().padStart(9, "0").slice(0, digits);
  return `${neg ? "-" : ""}${whole.toLocaleString("en-US")}${digits > 0 ? `.${frac}` : ""}`;
}

/** Base units -> a float number of tokens (charts only; tables use `tokens`). */
export function tokensFloat(base: string): number {
  return Number(BigInt(base)) / 1e9;
}

/** u16 proportion (65535 = 1) -> "0.1234". */
export function u16(v: number): string {
  return (v / 65535).toFixed(4);
}

export function pct(share: number): string {
  return `${(share * 100).toFixed(2)}%`;
}

export function short(key: string | null | undefined): string {
  if (!key) return "-";
  return key.length > 14 ? `${key.slice(0, 6)}…${key.slice(-6)}` : key;
}
