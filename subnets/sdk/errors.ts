import type { z } from "zod";
import { MeshtensorError } from "../../lib/errors.js";

export type SubnetErrorType =
  | { code: "BAD_OPTIONS"; subnet: string; field: string; reason: string }
  | { code: "UNKNOWN_SUBNET"; name: string; known: string[] }
  | { code: "BAD_REQUEST"; subnet: string; field: string; reason: string };

function describe(t: SubnetErrorType): string {
  switch (t.code) {
    case "BAD_OPTIONS":
      return `subnet ${t.subnet} option ${t.field}: ${t.reason}`;
    case "UNKNOWN_SUBNET":
      return `unknown subnet "${t.name}"; known: ${t.known.join(", ")}`;
    case "BAD_REQUEST":
      return `${t.field}: ${t.reason}`;
  }
}

export class SubnetError extends MeshtensorError<SubnetErrorType> {
  constructor(type: SubnetErrorType, message?: string, options?: { cause?: unknown }) {
    super(type, message ?? describe(type), options);
  }
}

/** Parses a subnet's free-form options with its strict schema; the error names the first bad key. */
export function parseSubnetOptions<T extends z.ZodType>(subnet: string, schema: T, options: unknown): z.output<T> {
  const result = schema.safeParse(options ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const keys = issue && "keys" in issue && Array.isArray(issue.keys) ? `.${issue.keys.join(",")}` : "";
  const field = `${issue?.path.join(".") ?? ""}${keys}` || "(options)";
  const reason = issue?.message ?? "invalid";
  throw new SubnetError({ code: "BAD_OPTIONS", subnet, field, reason }, `subnet ${subnet} option ${field}: ${reason}`);
}
