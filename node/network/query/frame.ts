import { NetworkError } from "../errors.js";

/** Bytes of the big-endian u32 length prefix in front of every message on a query stream. */
export const LENGTH_PREFIX_BYTES = 4;

/** Prefix one message with its length. */
export function encodeFrame(message: Uint8Array): Uint8Array {
  const out = new Uint8Array(LENGTH_PREFIX_BYTES + message.byteLength);
  new DataView(out.buffer).setUint32(0, message.byteLength);
  out.set(message, LENGTH_PREFIX_BYTES);
  return out;
}

/**
 * Splits a byte stream into length-prefixed messages. The declared length is checked against
 * `maxMessageBytes` as soon as the prefix arrives, so an oversized message is refused before its
 * body is buffered or decoded. A function limit is asked at each prefix (it may depend on who the
 * peer is now).
 */
export class FrameDecoder {
  private chunks: Uint8Array[] = [];
  private buffered = 0;

  /** Bytes of a partial message held now. */
  get pending(): number {
    return this.buffered;
  }

  /** Memory the held bytes keep alive (their backing buffers): what a half-sent frame costs. */
  get retainedBytes(): number {
    let total = 0;
    for (const chunk of this.chunks) total += chunk.buffer.byteLength;
    return total;
  }

  constructor(private readonly maxMessageBytes: number | (() => number)) {}

  /** Feeds bytes; returns the messages completed by them. Throws TOO_LARGE on an oversized prefix. */
  push(chunk: Uint8Array): Uint8Array[] {
    if (chunk.byteLength > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.byteLength;
    }
    const out: Uint8Array[] = [];
    for (;;) {
      if (this.buffered < LENGTH_PREFIX_BYTES) {
        this.compact();
        return out;
      }
      const prefix = this.peek(LENGTH_PREFIX_BYTES);
      const length = new DataView(prefix.buffer, prefix.byteOffset, LENGTH_PREFIX_BYTES).getUint32(0);
      const max = typeof this.maxMessageBytes === "number" ? this.maxMessageBytes : this.maxMessageBytes();
      if (length > max) throw new NetworkError({ code: "TOO_LARGE", bytes: length, max });
      if (this.buffered < LENGTH_PREFIX_BYTES + length) {
        this.compact();
        return out;
      }
      this.take(LENGTH_PREFIX_BYTES);
      out.push(this.take(length));
    }
  }

  /**
   * Copies held chunks out of the much larger buffers they are views of (the transport's read
   * buffers): a stream holding a few bytes of a frame otherwise pins a whole read buffer (issue 14:
   * 58.6 KiB per stream holding 16 KiB - 1 of a frame). Each chunk is copied at most once.
   */
  private compact(): void {
    for (let i = 0; i < this.chunks.length; i++) {
      const chunk = this.chunks[i] as Uint8Array;
      if (chunk.buffer.byteLength > 2 * chunk.byteLength && chunk.buffer.byteLength > 4096) this.chunks[i] = chunk.slice();
    }
  }

  private peek(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first !== undefined && first.byteLength >= n) return first.subarray(0, n);
    return this.copy(n, false);
  }

  private take(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first !== undefined && first.byteLength >= n) {
      const head = first.subarray(0, n);
      if (first.byteLength === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
      this.buffered -= n;
      return head;
    }
    return this.copy(n, true);
  }

  private copy(n: number, consume: boolean): Uint8Array {
    const out = new Uint8Array(n);
    let filled = 0;
    let index = 0;
    while (filled < n) {
      const chunk = this.chunks[index];
      if (chunk === undefined) break;
      const part = Math.min(chunk.byteLength, n - filled);
      out.set(chunk.subarray(0, part), filled);
      filled += part;
      if (consume) {
        if (part === chunk.byteLength) this.chunks.shift();
        else {
          this.chunks[0] = chunk.subarray(part);
          index = 0;
        }
      } else {
        index += 1;
      }
    }
    if (consume) this.buffered -= n;
    return out;
  }
}
