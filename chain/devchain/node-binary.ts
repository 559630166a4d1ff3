import { existsSync } from "node:fs";
import { join } from "node:path";
import { DevChainError } from "./errors.js";
import { ARTIFACTS_DIR } from "./options.js";

/** Where `scripts/build-node.sh` installs the node: `chain/node/bin/` of this checkout. */
export const NODE_BINARY_DEFAULT = join(ARTIFACTS_DIR, "..", "node", "bin", "meshtensor-node");

/** The node binary to run: an explicit path, `$MESHTENSOR_NODE_BIN`, or the built one. */
export function resolveNodeBinary(explicit?: string): string {
  const path = explicit ?? process.env.MESHTENSOR_NODE_BIN ?? NODE_BINARY_DEFAULT;
  if (!existsSync(path)) {
    throw new DevChainError(
      { code: "NODE_BINARY_MISSING", path },
      `meshtensor-node not found at ${path}: build it with scripts/build-node.sh (or set MESHTENSOR_NODE_BIN)`,
    );
  }
  return path;
}
