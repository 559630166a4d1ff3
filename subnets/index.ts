import { inferenceSubnet } from "./inference/index.js";
import { ocrSubnet } from "./ocr/index.js";
import { SubnetError } from "./sdk/errors.js";
import type { SubnetDefinition } from "./sdk/interface.js";

/** The subnets this build ships, by the name configs use (`subnet: ocr`). */
export const SUBNETS: Readonly<Record<string, SubnetDefinition<never, never>>> = {
  ocr: ocrSubnet as unknown as SubnetDefinition<never, never>,
  inference: inferenceSubnet as unknown as SubnetDefinition<never, never>,
};

/** The subnet named `name`, or UNKNOWN_SUBNET listing the known ones. */
export function getSubnet(name: string): SubnetDefinition {
  const subnet = Object.hasOwn(SUBNETS, name) ? SUBNETS[name] : undefined;
  if (!subnet) {
    const known = Object.keys(SUBNETS);
    throw new SubnetError({ code: "UNKNOWN_SUBNET", name, known }, `unknown subnet "${name}"; known: ${known.join(", ")}`);
  }
  return subnet as unknown as SubnetDefinition;
}

export { createUptimeTracker, type UptimeTracker, withAvailability, withUptime } from "./availability/index.js";
export { inferenceSubnet } from "./inference/index.js";
export { ocrSubnet } from "./ocr/index.js";
