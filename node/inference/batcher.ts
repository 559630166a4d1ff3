import { InferenceError } from "./errors.js";
import { allocate, elementCount, type NamedTensors, type Tensor } from "./tensor.js";

/** Runs one (possibly concatenated) batch; in the engine this is the onnxruntime session. */
export type BatchRunner = (feeds: NamedTensors) => Promise<NamedTensors>;

export interface BatcherOptions {
  maxBatch: number;
  maxWaitMs: number;
  maxQueue: number;
  /** False when the model has a fixed first dimension: each request then runs alone. */
  batchable: boolean;
}

export interface BatcherEvents {
  onRun?(seconds: number, rows: number, requests: number): void;
  onQueueDepth?(depth: number): void;
}

interface Pending {
  inputs: NamedTensors;
  rows: number;
  key: string;
  enqueuedAt: number;
  resolve(out: NamedTensors): void;
  reject(err: unknown): void;
  signal?: AbortSignal;
  onAbort?: () => void;
}

/**
 * Dynamic batching: requests whose inputs agree on every dimension but the first are queued
 * together and run as one batch when `maxBatch` rows are waiting or the oldest has waited
 * `maxWaitMs`. One batch runs at a time (onnxruntime-node's CPU run holds the thread anyway);
 * what queues meanwhile goes in the next batch without waiting again.
 */
export class Batcher {
  private readonly groups = new Map<string, Pending[]>();
  /** Rows waiting per group, kept alongside so readiness is O(groups), not O(requests). */
  private readonly groupRows = new Map<string, number>();
  private depth = 0;
  private running = false;
  private pumpQueued = false;
  private inflight: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(
    private readonly options: BatcherOptions,
    private readonly runner: BatchRunner,
    private readonly events: BatcherEvents = {},
  ) {}

  get queueDepth(): number {
    return this.depth;
  }

  submit(inputs: NamedTensors, rows: number, signal?: AbortSignal): Promise<NamedTensors> {
    if (this.closed) return Promise.reject(new InferenceError({ code: "STOPPED" }, "inference engine is stopped"));
    if (signal?.aborted) return Promise.reject(new InferenceError({ code: "ABORTED" }, "request aborted before it was queued"));
    if (this.depth >= this.options.maxQueue) {
      return Promise.reject(
        new InferenceError({ code: "QUEUE_FULL", depth: this.depth }, `inference queue full (${this.depth} waiting)`),
      );
    }
    return new Promise<NamedTensors>((resolve, reject) => {
      const key = this.options.batchable ? shapeKey(inputs) : `solo:${Math.random()}`;
      const item: Pending = { inputs, rows, key, enqueuedAt: performance.now(), resolve, reject };
      if (signal) {
        item.signal = signal;
        item.onAbort = () => {
          if (this.remove(item)) reject(new InferenceError({ code: "ABORTED" }, "request aborted while queued"));
        };
        signal.addEventListener("abort", item.onAbort, { once: true });
      }
      let group = this.groups.get(key);
      if (!group) {
        group = [];
        this.groups.set(key, group);
      }
      group.push(item);
      this.groupRows.set(key, (this.groupRows.get(key) ?? 0) + rows);
      this.depth++;
      this.events.onQueueDepth?.(this.depth);
      this.schedulePump();
    });
  }

  /**
   * Pumps once the current synchronous burst is over, so requests submitted together (e.g. by
   * Promise.all) form one batch even with maxWaitMs 0.
   */
  private schedulePump(): void {
    if (this.pumpQueued) return;
    this.pumpQueued = true;
    queueMicrotask(() => {
      this.pumpQueued = false;
      this.pump();
    });
  }

  /** Refuses everything still queued; resolves when the batch in flight has finished. */
  close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const group of this.groups.values()) {
      for (const item of group) {
        this.detach(item);
        item.reject(new InferenceError({ code: "STOPPED" }, "inference engine stopped"));
      }
    }
    this.groups.clear();
    this.groupRows.clear();
    this.depth = 0;
    this.events.onQueueDepth?.(0);
    return this.inflight ?? Promise.resolve();
  }

  private remove(item: Pending): boolean {
    const group = this.groups.get(item.key);
    const i = group ? group.indexOf(item) : -1;
    if (!group || i < 0) return false;
    group.splice(i, 1);
    this.groupRows.set(item.key, (this.groupRows.get(item.key) ?? 0) - item.rows);
    if (group.length === 0) {
      this.groups.delete(item.key);
      this.groupRows.delete(item.key);
    }
    this.depth--;
    this.events.onQueueDepth?.(this.depth);
    return true;
  }

  private detach(item: Pending): void {
    if (item.signal && item.onAbort) item.signal.removeEventListener("abort", item.onAbort);
  }

  private pump(): void {
    if (this.running || this.closed) return;
    const now = performance.now();
    let ready: Pending[] | undefined;
    let earliest = Number.POSITIVE_INFINITY;
    for (const [key, group] of this.groups) {
      const head = group[0];
      if (!head) continue;
      const rows = this.groupRows.get(key) ?? 0;
      const due = head.enqueuedAt + this.options.maxWaitMs;
      if (rows >= this.options.maxBatch || due <= now || !this.options.batchable) {
        ready = group;
        break;
      }
      earliest = Math.min(earliest, due);
    }
    if (!ready) {
      if (earliest !== Number.POSITIVE_INFINITY && !this.timer) {
        this.timer = setTimeout(
          () => {
            this.timer = null;
            this.pump();
          },
          Math.max(0, earliest - now),
        );
      }
      return;
    }
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.take(ready);
    this.running = true;
    this.inflight = this.runBatch(batch).finally(() => {
      this.running = false;
      this.inflight = null;
      this.pump();
    });
  }

  /** FIFO from one group up to maxBatch rows; a single oversized request still runs, alone. */
  private take(group: Pending[]): Pending[] {
    const batch: Pending[] = [];
    let rows = 0;
    while (group.length > 0) {
      const next = group[0] as Pending;
      if (batch.length > 0 && rows + next.rows > this.options.maxBatch) break;
      group.shift();
      batch.push(next);
      rows += next.rows;
      this.depth--;
      this.detach(next);
    }
    const key = (batch[0] as Pending).key;
    this.groupRows.set(key, (this.groupRows.get(key) ?? 0) - rows);
    if (group.length === 0) {
      this.groups.delete(key);
      this.groupRows.delete(key);
    }
    this.events.onQueueDepth?.(this.depth);
    return batch;
  }

  private async runBatch(batch: Pending[]): Promise<void> {
    const rows = batch.reduce((n, b) => n + b.rows, 0);
    const started = performance.now();
    try {
      const feeds = batch.length === 1 ? (batch[0] as Pending).inputs : concatenate(batch.map((b) => b.inputs));
      const out = await this.runner(feeds);
      this.events.onRun?.((performance.now() - started) / 1000, rows, batch.length);
      if (batch.length === 1) {
        (batch[0] as Pending).resolve(out);
        return;
      }
      const parts = split(
        out,
        batch.map((b) => b.rows),
      );
      batch.forEach((b, i) => {
        b.resolve(parts[i] as NamedTensors);
      });
    } catch (err) {
      for (const b of batch) b.reject(err);
    }
  }
}

/** Inputs batch together when every dimension after the first agrees. */
function shapeKey(inputs: NamedTensors): string {
  let key = "";
  for (const [name, t] of Object.entries(inputs)) key += `${name}:${t.dtype}:${t.dims.slice(1).join("x")};`;
  return key;
}

export function concatenate(requests: NamedTensors[]): NamedTensors {
  const first = requests[0] as NamedTensors;
  const feeds: NamedTensors = {};
  for (const [name, head] of Object.entries(first)) {
    const rows = requests.reduce((n, r) => n + ((r[name] as Tensor).dims[0] as number), 0);
    const dims = [rows, ...head.dims.slice(1)];
    const data = allocate(head.dtype, elementCount(dims));
    let offset = 0;
    for (const r of requests) {
      const part = (r[name] as Tensor).data;
      (data as { set(a: ArrayLike<unknown>, o: number): void }).set(part as ArrayLike<unknown>, offset);
      offset += part.length;
    }
    feeds[name] = { dtype: head.dtype, dims, data };
  }
  return feeds;
}

/** Splits each output along its first dimension, `rows[i]` rows to request i. */
export function split(out: NamedTensors, rows: number[]): NamedTensors[] {
  const total = rows.reduce((a, b) => a + b, 0);
  const parts: NamedTensors[] = rows.map(() => ({}));
  for (const [name, t] of Object.entries(out)) {
    if (t.dims[0] !== total) {
      throw new InferenceError({
        code: "RUN_FAILED",
        reason: `output ${name} has first dimension ${t.dims[0]}, not the batch's ${total} rows`,
      });
    }
    const per = total === 0 ? 0 : t.data.length / total;
    let offset = 0;
    rows.forEach((r, i) => {
      const data = t.data.slice(offset * per, (offset + r) * per) as Tensor["data"];
      (parts[i] as NamedTensors)[name] = { dtype: t.dtype, dims: [r, ...t.dims.slice(1)], data };
      offset += r;
    });
  }
  return parts;
}
