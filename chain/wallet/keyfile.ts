import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { z } from "zod";
import { WalletError } from "./errors.js";

/** The polkadot-js JSON keystore shape (`KeyringPair$Json`), checked before we hand it to the keyring. */
export const keystoreSchema = z.object({
  address: z.string().min(1),
  encoded: z.string().min(1),
  encoding: z.object({
    content: z.array(z.string()),
    type: z.array(z.string()),
    version: z.string(),
  }),
  meta: z.record(z.string(), z.unknown()),
});
export type KeystoreJson = z.infer<typeof keystoreSchema>;

/** coldkeypub.json: the public half only, readable without the password. */
export const publicKeySchema = z.object({
  address: z.string().min(1),
  publicKey: z.string().regex(/^0x[0-9a-f]{64}$/),
  ss58Format: z.number().int(),
  keyType: z.literal("sr25519"),
});
export type PublicKeyJson = z.infer<typeof publicKeySchema>;

/**
 * Write atomically: a temp file in the same directory (mode 0600) renamed over the target, so a
 * crash never leaves half a keyfile behind.
 */
export async function writeJsonAtomic(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    await writeFile(tmp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

/** Read and validate a JSON key file; null when it does not exist. */
export async function readJsonFile<T>(path: string, schema: z.ZodType<T>): Promise<T | null> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new WalletError(
      { code: "CORRUPT_KEYFILE", path, reason: "not valid JSON" },
      `corrupt key file ${path}: not valid JSON`,
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.join(".") || "(root)";
    const reason = `${field}: ${issue?.message ?? "invalid"}`;
    throw new WalletError({ code: "CORRUPT_KEYFILE", path, reason }, `corrupt key file ${path}: ${reason}`);
  }
  return parsed.data;
}
