import { createHash } from "node:crypto";
import { readFile, stat } from "node:fs/promises";
import { InferenceError } from "./errors.js";

/** Lower-case hex sha256 of bytes. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Reads a model file once and checks it: present, under the size ceiling, hash as configured.
 * The same bytes are then handed to onnxruntime, so the file cannot change between check and load.
 */
export async function readModelFile(path: string, expectedSha256: string, maxBytes: number): Promise<Uint8Array> {
  let size: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw new InferenceError({ code: "MODEL_NOT_FOUND", path }, `model file ${path} is not a regular file`);
    size = st.size;
  } catch (err) {
    if (err instanceof InferenceError) throw err;
    throw new InferenceError({ code: "MODEL_NOT_FOUND", path }, `model file ${path} not found`, { cause: err });
  }
  if (size > maxBytes) {
    throw new InferenceError(
      { code: "MODEL_TOO_LARGE", path, bytes: size, maxBytes },
      `model file ${path} is ${size} bytes, over ${maxBytes}`,
    );
  }
  const bytes = await readFile(path);
  const actual = sha256Hex(bytes);
  if (actual !== expectedSha256) {
    throw new InferenceError(
      { code: "MODEL_HASH_MISMATCH", path, expected: expectedSha256, actual },
      `model file ${path} has sha256 ${actual}, configured ${expectedSha256}`,
    );
  }
  return bytes;
}
