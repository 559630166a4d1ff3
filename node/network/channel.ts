import type { Stream } from "@libp2p/interface";
import { errorMessage } from "../../lib/errors.js";
import type { Logger } from "../../lib/logger.js";
import { NetworkError } from "./errors.js";
import { decodeEnvelope, decodeJsonBody, peekRequestId } from "./query/envelope.js";
import { encodeFrame, FrameDecoder, LENGTH_PREFIX_BYTES } from "./query/frame.js";

interface Pending {
  resolve: (message: Uint8Array) => void;
  reject: (err: Error) => void;
}

function toBytes(data: Uint8Array | { subarray(): Uint8Array }): Uint8Array {
  return data instanceof Uint8Array ? data : data.subarray();
}

/**
 * Coalesces the frames written during one event-loop turn into one `send`: each send costs a
 * yamux frame and a noise encryption, so a fan-out or a burst of responses pays that once.
 */
class FrameWriter {
  private queued: Uint8Array[] = [];
  private bytes = 0;
  private scheduled = false;

  constructor(
    private readonly stream: Stream,
    private readonly onError: (err: Error) => void,
  ) {}

  write(message: Uint8Array): void {
    this.queued.push(encodeFrame(message));
    this.bytes += LENGTH_PREFIX_BYTES + message.byteLength;
    if (this.scheduled) return;
    this.scheduled = true;
    queueMicrotask(() => this.flush());
  }

  /** Sends what is queued now (before closing the stream). */
  flush(): void {
    this.scheduled = false;
    const frames = this.queued;
    const total = this.bytes;
    this.queued = [];
    this.bytes = 0;
    if (frames.length === 0 || this.stream.status !== "open") return;
    let out: Uint8Array;
    if (frames.length === 1) out = frames[0] as Uint8Array;
    else {
      out = new Uint8Array(total);
      let at = 0;
      for (const f of frames) {
        out.set(f, at);
        at += f.byteLength;
      }
    }
    try {
      // send() buffers when the transport is full; the callers' in-flight caps bound that buffer.
      this.stream.send(out);
    } catch (err) {
      this.onError(err as Error);
    }
  }
}

/** The yamux stream fields lazyWindowUpdates reads (@chainsafe/libp2p-yamux 8). */
interface YamuxWindow {
  sendWindowUpdate?: () => void;
  state?: number;
  recvWindow?: number;
  recvWindowCapacity?: number;
}
/** StreamState.Established in @chainsafe/libp2p-yamux 8: no SYN/ACK flag is due. */
const YAMUX_ESTABLISHED = 3;

/**
 * yamux (JS) answers every data frame it receives with a window update frame, so each request and
 * each answer costs the other side an extra encrypted frame, write and wake-up. Go's yamux sends
 * the update once half the window is used; this does the same on an established stream. A stream
 * without the expected fields is left as is.
 */
export function lazyWindowUpdates(stream: Stream): void {
  const yamux = stream as unknown as YamuxWindow;
  if (typeof yamux.sendWindowUpdate !== "function" || typeof yamux.recvWindow !== "number") return;
  const send = yamux.sendWindowUpdate.bind(stream);
  yamux.sendWindowUpdate = () => {
    const { state, recvWindow, recvWindowCapacity } = yamux;
    if (state === YAMUX_ESTABLISHED && recvWindow !== undefined && recvWindowCapacity !== undefined) {
      if (recvWindowCapacity * 2 >= recvWindow) return;
    }
    send();
  };
}

/** Streams live as long as their connection; idle time between rounds must not close them. */
export function keepOpen(stream: Stream): void {
  stream.inactivityTimeout = 0;
  lazyWindowUpdates(stream);
}

/**
 * The validator's side of one long-lived query stream: many requests in flight, each answered by
 * the response that carries its request id. When the stream closes, every pending request fails.
 */
export class OutboundChannel {
  private readonly pending = new Map<number, Pending>();
  private readonly decoder: FrameDecoder;
  private readonly writer: FrameWriter;
  private closedReason: string | null = null;

  constructor(
    private readonly stream: Stream,
    readonly peerId: string,
    maxMessageBytes: number,
    private readonly log: Logger,
  ) {
    keepOpen(stream);
    this.decoder = new FrameDecoder(maxMessageBytes);
    this.writer = new FrameWriter(stream, (err) => this.fail(err.message));
    stream.addEventListener("message", (evt) => this.onData(toBytes(evt.data)));
    stream.addEventListener("close", (evt) => this.fail(evt.error?.message ?? "closed by peer"));
    stream.addEventListener("remoteCloseWrite", () => this.fail("peer closed its end"));
  }

  get open(): boolean {
    return this.closedReason === null && this.stream.status === "open";
  }

  get inFlight(): number {
    return this.pending.size;
  }

  request(requestId: number, message: Uint8Array, signal: AbortSignal): Promise<Uint8Array> {
    if (!this.open) {
      return Promise.reject(
        new NetworkError({ code: "STREAM_CLOSED", peer: this.peerId, reason: this.closedReason ?? this.stream.status }),
      );
    }
    if (signal.aborted) return Promise.reject(new NetworkError({ code: "ABORTED", peer: this.peerId }));
    if (this.pending.has(requestId)) {
      return Promise.reject(new NetworkError({ code: "MALFORMED", reason: `request id ${requestId} already in flight` }));
    }
    return new Promise<Uint8Array>((resolve, reject) => {
      const onAbort = (): void => {
        this.pending.delete(requestId);
        reject(new NetworkError({ code: "ABORTED", peer: this.peerId }));
      };
      signal.addEventListener("abort", onAbort, { once: true });
      this.pending.set(requestId, {
        resolve: (m) => {
          signal.removeEventListener("abort", onAbort);
          resolve(m);
        },
        reject: (e) => {
          signal.removeEventListener("abort", onAbort);
          reject(e);
        },
      });
      this.writer.write(message);
    });
  }

  close(): void {
    this.fail("closed locally");
    this.stream.abort(new Error("closed locally"));
  }

  private onData(chunk: Uint8Array): void {
    let messages: Uint8Array[];
    try {
      messages = this.decoder.push(chunk);
    } catch (err) {
      // An oversized response: the stream can no longer be parsed, drop it.
      this.log.warn({ peer: this.peerId, err: errorMessage(err) }, "bad response frame, closing stream");
      this.fail(errorMessage(err));
      this.stream.abort(err as Error);
      return;
    }
    for (const message of messages) {
      const requestId = peekRequestId(message);
      if (requestId === null) continue;
      if (requestId === 0) {
        // Request id 0 answers a message the peer could not parse at all (malformed, oversized):
        // it cannot be matched to one request, and the peer closes the stream after it.
        this.refuseAll(message);
        continue;
      }
      const entry = this.pending.get(requestId);
      if (entry === undefined) continue;
      this.pending.delete(requestId);
      entry.resolve(message);
    }
  }

  private refuseAll(message: Uint8Array): void {
    let status = -1;
    let reason = "unparseable refusal";
    try {
      const envelope = decodeEnvelope(message);
      status = envelope.status;
      const body = decodeJsonBody(envelope.body) as { error?: unknown };
      if (typeof body?.error === "string") reason = body.error;
    } catch {
      // keep the defaults: the refusal itself was unreadable
    }
    this.log.debug({ peer: this.peerId, status, reason }, "peer refused a message it could not parse");
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) entry.reject(new NetworkError({ code: "PEER_REFUSED", peer: this.peerId, status, reason }));
  }

  private fail(reason: string): void {
    if (this.closedReason === null) this.closedReason = reason;
    if (this.pending.size === 0) return;
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const entry of entries) entry.reject(new NetworkError({ code: "STREAM_CLOSED", peer: this.peerId, reason }));
  }
}

export interface InboundStream {
  readonly peerId: string;
  /** Waits (at most `timeoutMs`) for answers still being produced, writes them, closes the stream. */
  close(timeoutMs: number): Promise<void>;
}

/**
 * The miner's side of one query stream: each inbound message is handled concurrently and its
 * response written when ready. An oversized or unframeable message gets a refusal and ends the
 * stream (its bytes cannot be skipped safely).
 */
export function serveInboundStream(
  stream: Stream,
  peerId: string,
  maxMessageBytes: number | (() => number),
  handler: (message: Uint8Array) => Promise<Uint8Array | null>,
  onTooLarge: (err: NetworkError) => Uint8Array,
  log: Logger,
): InboundStream {
  keepOpen(stream);
  const decoder = new FrameDecoder(maxMessageBytes);
  const writer = new FrameWriter(stream, (err) => log.debug({ peer: peerId, err: err.message }, "could not write response"));
  let handling = 0;
  const idle: Array<() => void> = [];
  let refused = false;

  stream.addEventListener("message", (evt) => {
    if (refused) return;
    let messages: Uint8Array[];
    try {
      messages = decoder.push(toBytes(evt.data));
    } catch (err) {
      refused = true;
      if (err instanceof NetworkError) writer.write(onTooLarge(err));
      writer.flush();
      log.warn({ peer: peerId, err: errorMessage(err) }, "refused oversized message, closing stream");
      void stream.close().catch(() => stream.abort(err as Error));
      return;
    }
    for (const message of messages) {
      handling += 1;
      handler(message)
        .then(
          (response) => {
            if (response !== null) writer.write(response);
          },
          (err: unknown) => log.error({ peer: peerId, err }, "query handler failed"),
        )
        .finally(() => {
          handling -= 1;
          if (handling === 0) for (const resolve of idle.splice(0)) resolve();
        });
    }
  });
  stream.addEventListener("remoteCloseWrite", () => {
    void stream.close().catch(() => undefined);
  });

  const bounded = (p: Promise<unknown>, ms: number) =>
    Promise.race([p, new Promise((resolve) => setTimeout(resolve, ms).unref())]);
  return {
    peerId,
    async close(timeoutMs) {
      await bounded(handling === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve)), timeoutMs);
      writer.flush();
      await bounded(
        stream.close().catch(() => undefined),
        timeoutMs,
      );
    },
  };
}
