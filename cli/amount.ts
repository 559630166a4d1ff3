import { BASE_UNITS_PER_TOKEN, TOKEN_DECIMALS } from "../chain/client/types.js";
import { CliError } from "./errors.js";

const TOKEN_RE = /^(\d+)(?:\.(\d*))?$/;

/** "1.5" (tokens) -> 1_500_000_000n base units; exact, never through a float. */
export function parseTokens(field: string, text: string): bigint {
  const m = TOKEN_RE.exec(text.trim());
  if (!m) throw CliError.usage(`${field}: "${text}" is not an amount (tokens, e.g. 1.5)`);
  const frac = m[2] ?? "";
  if (frac.length > TOKEN_DECIMALS) throw CliError.usage(`${field}: at most ${TOKEN_DECIMALS} decimals, got "${text}"`);
  const value = BigInt(m[1] ?? "0") * BASE_UNITS_PER_TOKEN + BigInt(frac.padEnd(TOKEN_DECIMALS, "0") || "0");
  if (value >= 1n << 64n) throw CliError.usage(`${field}: "${text}" is too large`);
  return value;
}

/** 1_500_000_000n -> "1.5"; exact. */
export function formatTokens(units: bigint): string {
  const neg = units < 0n;
  const abs = neg ? -units : units;
  const whole = abs / BASE_UNITS_PER_TOKEN;
  const frac = (abs % BASE_UNITS_PER_TOKEN).toString().padStart(TOKEN_DECIMALS, "0").replace(/0+$/, "");
  return `${neg ? "-" : ""}${whole}${frac ? `.${frac}` : ""}`;
}

/** Parse an unsigned integer flag (netuid, uid, u16 values...) naming the field on failure. */
export function parseUint(field: string, text: string, max: number): number {
  if (!/^\d+$/.test(text.trim())) throw CliError.usage(`${field}: "${text}" is not a non-negative integer`);
  const n = Number(text);
  if (n > max) throw CliError.usage(`${field}: ${n} is above the maximum ${max}`);
  return n;
}

export function parseU64(field: string, text: string): bigint {
  if (!/^\d+$/.test(text.trim())) throw CliError.usage(`${field}: "${text}" is not a non-negative integer`);
  const n = BigInt(text);
  if (n >= 1n << 64n) throw CliError.usage(`${field}: ${text} does not fit in 64 bits`);
  return n;
}

/** "1,2,3" -> [1,2,3] (u16 each). */
export function parseU16List(field: string, text: string): number[] {
  const parts = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (parts.length === 0) throw CliError.usage(`${field}: give a comma-separated list, e.g. 0,1,2`);
  return parts.map((p, i) => parseUint(`${field}[${i}]`, p, 0xffff));
}

/** u16 proportion (65535 = 1) for humans. */
export function formatProportion(v: number): string {
  return (v / 65535).toFixed(4);
}
