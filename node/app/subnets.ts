import type { SubnetDefinition } from "../../subnets/sdk/interface.js";

export type SubnetRegistry = Record<string, SubnetDefinition<unknown, unknown>>;

/**
 * The subnet definition for a configured name. Built-in subnets load lazily (the OCR one pulls in
 * canvas and models); `extra` (tests, plugins) wins over the built-ins.
 */
export async function resolveSubnet(name: string, extra: SubnetRegistry = {}): Promise<SubnetDefinition<unknown, unknown>> {
  const given = extra[name];
  if (given !== undefined) return given;
  switch (name) {
    case "ocr":
      return (await import("../../subnets/ocr/index.js")).ocrSubnet as SubnetDefinition<unknown, unknown>;
    case "inference":
      return (await import("../../subnets/inference/index.js")).inferenceSubnet as SubnetDefinition<unknown, unknown>;
    default:
      throw new Error(
        `unknown subnet "${name}" (known: ocr, inference${Object.keys(extra).length > 0 ? `, ${Object.keys(extra).join(", ")}` : ""})`,
      );
  }
}
