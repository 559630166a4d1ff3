/** The storage key of the runtime code, `:code`, as chopsticks keys its storage diffs (hex). */
export const CODE_KEY = "0x3a636f6465";

/** The part of chopsticks' database a block is saved through. */
interface BlockStore {
  saveBlock(block: { storageDiff?: Record<string, string | null> | null } & Record<string, unknown>): Promise<void>;
}

export interface BlockSaves {
  /** Resolves once every block save started so far has finished (or failed). */
  settled(): Promise<void>;
}

/**
 * Wraps the saves of the embedded chain's `--db` for two faults of chopsticks seen here:
 * - The storage diff it saves for a block that carries extrinsics also holds every value a layer
 *   of it read, and one of those reads is `:code`: each such block stored 963,395 bytes of diff
 *   (the runtime's hex) against 2,045 for an empty one, so a busy localnet grew its SQLite file
 *   by about 0.9 MB a block, and a resume rebuilt all of it in memory until it stalled. A
 *   `:code` equal to the code in force changed nothing and is dropped (a reader finds the code
 *   in an older block); a real runtime upgrade, a different value, is saved as it is.
 * - It announces a block before saving it, so a chain stopped right after a client saw its
 *   transaction included closed the database under the save and lost that block. `settled()`
 *   lets `stop()` wait for the saves in flight.
 */
export function guardBlockSaves(db: BlockStore, codeInForce: string): BlockSaves {
  let code = codeInForce;
  const inFlight = new Set<Promise<void>>();
  const save = db.saveBlock.bind(db);
  const withoutUnchangedCode = (block: Parameters<BlockStore["saveBlock"]>[0]) => {
    const diff = block.storageDiff;
    if (!diff || !(CODE_KEY in diff)) return block;
    const value = diff[CODE_KEY];
    if (value === code) {
      const { [CODE_KEY]: _unchanged, ...rest } = diff;
      return { ...block, storageDiff: rest };
    }
    if (typeof value === "string") code = value;
    return block;
  };
  db.saveBlock = (block) => {
    const saving = save(withoutUnchangedCode(block));
    inFlight.add(saving);
    const forget = () => inFlight.delete(saving);
    saving.then(forget, forget);
    return saving;
  };
  return {
    async settled() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}
