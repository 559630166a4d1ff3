import { Level } from "level";
import type { Logger } from "../logger/index.js";
import { StoreError } from "./errors.js";
import { type BatchOp, type Store, Table } from "./interface.js";

export interface StoreOptions {
  /** Directory of the database (created if missing). */
  path: string;
}

const TABLE_NAMES = new Map<number, string>(Object.entries(Table).map(([name, n]) => [n, name]));

// Keys are "<table number, 2 digits>/<key>" so each table is one contiguous range.
const keyOf = (table: Table, key: string): string => `${String(table).padStart(2, "0")}/${key}`;

/** Bigints survive the JSON round trip as {"$n": "123"}. */
function encode(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? { $n: v.toString() } : v));
}

function decode(table: Table, key: string, text: string): unknown {
  try {
    return JSON.parse(text, (_k, v: unknown) => {
      if (v !== null && typeof v === "object" && "$n" in v && typeof (v as { $n: unknown }).$n === "string") {
        return BigInt((v as { $n: string }).$n);
      }
      return v;
    });
  } catch (err) {
    throw new StoreError({
      code: "CORRUPT",
      table: TABLE_NAMES.get(table) ?? String(table),
      key,
      reason: (err as Error).message,
    });
  }
}

export function createStore(options: StoreOptions, deps: { logger: Logger }): Store {
  let db: Level<string, string> | null = null;
  const open = (): Level<string, string> => {
    if (db === null) throw new StoreError({ code: "NOT_OPEN" });
    return db;
  };

  /** A failed write (disk full, read-only) as a StoreError naming the store, not level's bare IO error. */
  const written = async (write: () => Promise<void>): Promise<void> => {
    try {
      await write();
    } catch (err) {
      if (err instanceof StoreError) throw err;
      throw new StoreError({ code: "WRITE_FAILED", path: options.path, reason: (err as Error).message }, undefined, {
        cause: err,
      });
    }
  };

  return {
    async start() {
      if (db !== null) return;
      const candidate = new Level<string, string>(options.path, { valueEncoding: "utf8" });
      try {
        await candidate.open();
      } catch (err) {
        const cause = (err as { cause?: { code?: string } }).cause;
        if ((err as { code?: string }).code === "LEVEL_LOCKED" || cause?.code === "LEVEL_LOCKED") {
          throw new StoreError({ code: "LOCKED", path: options.path }, undefined, { cause: err });
        }
        throw new StoreError({ code: "OPEN_FAILED", path: options.path, reason: (err as Error).message }, undefined, {
          cause: err,
        });
      }
      db = candidate;
      deps.logger.debug({ path: options.path }, "store opened");
    },

    async stop() {
      if (db === null) return;
      const closing = db;
      db = null;
      await closing.close();
      deps.logger.debug("store closed");
    },

    async get<T>(table: Table, key: string) {
      const text = await open().get(keyOf(table, key));
      return text === undefined ? null : (decode(table, key, text) as T);
    },

    async put(table, key, value) {
      const level = open();
      await written(() => level.put(keyOf(table, key), encode(value)));
    },

    async del(table, key) {
      const level = open();
      await written(() => level.del(keyOf(table, key)));
    },

    async batch(ops: BatchOp[]) {
      const level = open();
      await written(() =>
        level.batch(
          ops.map((op) =>
            op.type === "put"
              ? { type: "put" as const, key: keyOf(op.table, op.key), value: encode(op.value) }
              : { type: "del" as const, key: keyOf(op.table, op.key) },
          ),
        ),
      );
    },

    async entries<T>(table: Table, prefix = "") {
      const start = keyOf(table, prefix);
      const out: Array<[string, T]> = [];
      const tablePrefixLength = keyOf(table, "").length;
      for await (const [key, value] of open().iterator({ gte: start, lt: `${start}\uffff` })) {
        const short = key.slice(tablePrefixLength);
        out.push([short, decode(table, short, value) as T]);
      }
      return out;
    },
  };
}
