/**
 * JSON with bigints as exact integers (never through a float): bigints are rendered as bare
 * digits, so 2^64-1 prints as 18446744073709551615.
 */
export function stringifyExact(value: unknown, indent?: number): string {
  const marker = "@@mt-bigint@@";
  const text = JSON.stringify(value, (_k, v) => (typeof v === "bigint" ? `${marker}${v.toString()}` : v), indent);
  return text.replace(new RegExp(`"${marker}(-?\\d+)"`, "g"), "$1");
}
