import { randomBytes } from "node:crypto";
import { chmod, mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { errorMessage, MeshtensorError } from "../../lib/errors.js";

/** Bytes of the Ed25519 seed the libp2p identity derives from (node/network's PEER_KEY_SEED_BYTES). */
const SEED_BYTES = 32;
const HEADER = "meshtensor-libp2p-ed25519-seed-v1";

export type IdentityErrorType =
  | { code: "BAD_KEY_FILE"; path: string; reason: string }
  | { code: "IO"; path: string; reason: string };
export class IdentityError extends MeshtensorError<IdentityErrorType> {}

/**
 * The node's libp2p key: created on first run (0600, written atomically), reused after, so the
 * peer id the chain binds to the hotkey stays the same across restarts. The file holds a header
 * line and the hex seed; nothing else is accepted.
 */
export async function loadOrCreatePeerKey(path: string): Promise<{ seed: Uint8Array; created: boolean }> {
  let text: string | null = null;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "ENOENT") {
      throw new IdentityError(
        { code: "IO", path, reason: errorMessage(err) },
        `cannot read libp2p key ${path}: ${errorMessage(err)}`,
      );
    }
  }
  if (text !== null) return { seed: parse(path, text), created: false };
  const seed = randomBytes(SEED_BYTES);
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, `${HEADER}\n${Buffer.from(seed).toString("hex")}\n`, { mode: 0o600, flag: "wx" });
    await chmod(temp, 0o600);
    await rename(temp, path);
  } catch (err) {
    throw new IdentityError(
      { code: "IO", path, reason: errorMessage(err) },
      `cannot write libp2p key ${path}: ${errorMessage(err)}`,
    );
  }
  return { seed: new Uint8Array(seed), created: true };
}

function parse(path: string, text: string): Uint8Array {
  const [header, hex, ...rest] = text.trim().split(/\r?\n/);
  const bad = (reason: string): never => {
    throw new IdentityError({ code: "BAD_KEY_FILE", path, reason }, `libp2p key file ${path}: ${reason}`);
  };
  if (header !== HEADER) bad(`first line must be "${HEADER}"`);
  if (rest.length > 0) bad("unexpected extra lines");
  if (hex === undefined || !/^[0-9a-f]{64}$/.test(hex)) bad(`second line must be ${SEED_BYTES * 2} lowercase hex characters`);
  return new Uint8Array(Buffer.from(hex as string, "hex"));
}
