import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { Level } from "level";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/logger.js";
import { StoreError } from "./errors.js";
import { type BatchOp, type Store, Table } from "./interface.js";

export interface StoreOptions {
  /** Directory of the database (created if missing). */
  path: string;
  /** Open (and integrity check) must finish within this; a hung file system is an error, not a hang. */
  openTimeoutMs?: number;
}

const DEFAULT_OPEN_TIMEOUT_MS = 30_000;

/**
 * Creates the directory one level at a time. Node's recursive mkdir (and level's) loops for ever
 * on a path under /proc (issue 14: a `dataDir` there hung the node with no message); one level at
 * a time, the first impossible level fails at once with its errno.
 */
function ensureDir(path: string): void {
  const full = resolve(path);
  const missing: string[] = [];
  for (let dir = full; dir !== dirname(dir); dir = dirname(dir)) missing.unshift(dir);
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === "EEXIST") continue;
      throw new StoreError({ code: "BAD_PATH", path: full, reason: `${code ?? "error"} at ${dir}` }, undefined, { cause: err });
    }
  }
}

/** Rejects after `ms`; the work itself may go on (a hung syscall cannot be cancelled). */
async function within<T>(work: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Reads every key range the node uses, values included, so damaged tables are found at open
 * rather than by the first nonce lookup (issue 14: a store with corrupted tables passed as healthy
 * and every query then failed with "Corruption: ..."). Returns the records read.
 */
async function checkIntegrity(db: Level<string, string>, path: string): Promise<number> {
  let records = 0;
  for (const [name, table] of Object.entries(Table)) {
    const start = keyOf(table, "");
    try {
      for await (const [key, value] of db.iterator({ gte: start, lt: `${start}\uffff` })) {
        decode(table, key.slice(start.length), value);
        records += 1;
      }
    } catch (err) {
      const reason = errorMessage(err).split("\n")[0] ?? "";
      throw new StoreError({ code: "CORRUPT_STORE", path, table: name, reason }, undefined, { cause: err });
    }
  }
  return records;
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
      reason: errorMessage(err),
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
      throw new StoreError({ code: "WRITE_FAILED", path: options.path, reason: errorMessage(err) }, undefined, {
        cause: err,
      });
    }
  };

  return {
    async start() {
      if (db !== null) return;
      const ms = options.openTimeoutMs ?? DEFAULT_OPEN_TIMEOUT_MS;
      ensureDir(options.path);
      const candidate = new Level<string, string>(options.path, { valueEncoding: "utf8" });
      const timedOut = () => new StoreError({ code: "OPEN_TIMEOUT", path: options.path, ms });
      try {
        await within(candidate.open(), ms, timedOut);
      } catch (err) {
        if (err instanceof StoreError) throw err;
        const cause = (err as { cause?: { code?: string } }).cause;
        if ((err as { code?: string }).code === "LEVEL_LOCKED" || cause?.code === "LEVEL_LOCKED") {
          throw new StoreError({ code: "LOCKED", path: options.path }, undefined, { cause: err });
        }
        throw new StoreError({ code: "OPEN_FAILED", path: options.path, reason: errorMessage(err) }, undefined, {
          cause: err,
        });
      }
      try {
        const records = await within(checkIntegrity(candidate, options.path), ms, timedOut);
        deps.logger.debug({ path: options.path, records }, "store opened and checked");
      } catch (err) {
        await candidate.close().catch(() => undefined);
        throw err;
      }
      db = candidate;
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
