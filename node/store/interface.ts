/**
 * Tables of the node's local database, each a numbered key prefix. Numbers are never reused:
 * a retired table keeps its number.
 */
export const Table = {
  scores: 1,
  nonces: 2,
  meta: 3,
  peers: 4,
  commits: 5,
} as const;
export type Table = (typeof Table)[keyof typeof Table];

export type BatchOp = { type: "put"; table: Table; key: string; value: unknown } | { type: "del"; table: Table; key: string };

/** A small key-value controller over level: JSON values, not-found is null, batches are atomic. */
export interface Store {
  start(): Promise<void>;
  stop(): Promise<void>;
  get<T>(table: Table, key: string): Promise<T | null>;
  put(table: Table, key: string, value: unknown): Promise<void>;
  del(table: Table, key: string): Promise<void>;
  /** All writes land or none do. */
  batch(ops: BatchOp[]): Promise<void>;
  /** Every [key, value] of a table whose key starts with `prefix`. */
  entries<T>(table: Table, prefix?: string): Promise<Array<[string, T]>>;
}
