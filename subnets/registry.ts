import { SubnetError } from "./sdk/errors.js";
import type { SubnetDefinition } from "./sdk/interface.js";

/** Subnet definitions by the name configs use (`subnet: ocr`); tests and plugins pass their own. */
export type SubnetRegistry = Readonly<Record<string, SubnetDefinition<unknown, unknown>>>;

// Loaders, not definitions: a subnet's module pulls in its native dependencies (canvas, onnxruntime),
// so a node imports only the subnets it runs.
const BUILT_IN: Readonly<Record<string, () => Promise<SubnetDefinition<unknown, unknown>>>> = {
  ocr: async () => (await import("./ocr/index.js")).ocrSubnet as SubnetDefinition<unknown, unknown>,
  inference: async () => (await import("./inference/index.js")).inferenceSubnet as SubnetDefinition<unknown, unknown>,
};

/** The names of the subnets this build ships. */
export const SUBNET_NAMES: readonly string[] = Object.freeze(Object.keys(BUILT_IN));

/**
 * The subnet named `name`, loading a built-in one on first use; `extra` wins over the built-ins.
 * An unknown name is UNKNOWN_SUBNET, listing the known ones.
 */
export async function loadSubnet(name: string, extra: SubnetRegistry = {}): Promise<SubnetDefinition<unknown, unknown>> {
  const given = Object.hasOwn(extra, name) ? extra[name] : undefined;
  if (given !== undefined) return given;
  const load = Object.hasOwn(BUILT_IN, name) ? BUILT_IN[name] : undefined;
  if (load === undefined) {
    const known = [...new Set([...SUBNET_NAMES, ...Object.keys(extra)])];
    throw new SubnetError({ code: "UNKNOWN_SUBNET", name, known });
  }
  return load();
}
