import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";

/**
 * Where honest miners leave their latest answer so a copying miner (another process) can replay
 * it for a different challenge: the cheapest cheat a validator must catch.
 */
export interface AnswerBook {
  record(minerId: string, answer: unknown): Promise<void>;
  /** An answer recorded by some miner other than `minerId`; null when there is none yet. */
  pickOther(minerId: string, random: () => number): Promise<unknown | null>;
}

const ID_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** File-backed book: one `<minerId>.json` per miner, replaced atomically so a reader never sees half a file. */
export function createFileAnswerBook(dir: string): AnswerBook {
  let made = false;
  return {
    async record(minerId, answer) {
      if (!ID_RE.test(minerId)) throw new Error(`answer book: bad miner id "${minerId}"`);
      if (!made) {
        await mkdir(dir, { recursive: true });
        made = true;
      }
      const path = join(dir, `${minerId}.json`);
      const tmp = `${path}.${randomBytes(4).toString("hex")}.tmp`;
      try {
        await writeFile(tmp, JSON.stringify(answer));
        await rename(tmp, path);
      } catch (err) {
        await rm(tmp, { force: true });
        throw err;
      }
    },
    async pickOther(minerId, random) {
      let names: string[];
      try {
        names = (await readdir(dir)).filter((n) => n.endsWith(".json") && n !== `${minerId}.json`);
      } catch {
        return null;
      }
      if (names.length === 0) return null;
      const name = names[Math.floor(random() * names.length) % names.length]!;
      try {
        return JSON.parse(await readFile(join(dir, name), "utf8"));
      } catch {
        return null;
      }
    },
  };
}
