import type { MessageStream, Stream } from "@libp2p/interface";
import { describe, expect, it } from "vitest";
import { lazyWindowUpdates } from "./channel.js";
import { coalesceWrites } from "./coalesce.js";

/** Just enough of Uint8ArrayList for the patch: the class is taken from the connection's writeBuffer. */
class List {
  readonly bufs: Uint8Array[];
  constructor(...bufs: Uint8Array[]) {
    this.bufs = bufs;
  }
  get byteLength(): number {
    return this.bufs.reduce((n, b) => n + b.byteLength, 0);
  }
  subarray(): Uint8Array {
    return Uint8Array.from(this.bufs.flatMap((b) => [...b]));
  }
  *[Symbol.iterator]() {
    yield* this.bufs;
  }
}

describe("transport write coalescing", () => {
  it("hands the socket one buffer per small message, with the same bytes, and leaves large ones alone", () => {
    const writes: number[][] = [];
    const connection = {
      writeBuffer: new List(),
      sendData(data: List) {
        for (const buf of data) writes.push([...buf]);
        return { sentBytes: data.byteLength, canSendMore: true };
      },
    };
    coalesceWrites(connection as unknown as MessageStream);
    const sent = connection.sendData(new List(Uint8Array.of(0, 3), Uint8Array.of(7, 8, 9)));
    expect(writes).toEqual([[0, 3, 7, 8, 9]]);
    expect(sent).toEqual({ sentBytes: 5, canSendMore: true });
    writes.length = 0;
    connection.sendData(new List(new Uint8Array(2), new Uint8Array(300 * 1024)));
    expect(writes.map((w) => w.length)).toEqual([2, 300 * 1024]);
  });

  it("leaves a connection without the expected shape untouched", () => {
    const connection = { send: () => true };
    expect(coalesceWrites(connection as unknown as MessageStream)).toBe(connection);
    expect(Object.keys(connection)).toEqual(["send"]);
  });
});

describe("lazy yamux window updates", () => {
  const stream = (state: number, recvWindow: number, recvWindowCapacity: number) => {
    const fake = { state, recvWindow, recvWindowCapacity, updates: 0, sendWindowUpdate() {} };
    fake.sendWindowUpdate = () => {
      fake.updates += 1;
    };
    lazyWindowUpdates(fake as unknown as Stream);
    return fake;
  };

  it("skips the update while at least half the window is left, sends it below half", () => {
    const s = stream(3, 256 * 1024, 255 * 1024);
    s.sendWindowUpdate();
    expect(s.updates).toBe(0);
    s.recvWindowCapacity = 128 * 1024;
    s.sendWindowUpdate();
    expect(s.updates).toBe(0);
    s.recvWindowCapacity = 128 * 1024 - 1;
    s.sendWindowUpdate();
    expect(s.updates).toBe(1);
  });

  it("always sends while the stream is not established (the update carries its SYN/ACK flag)", () => {
    for (const state of [0, 1, 2, 5]) {
      const s = stream(state, 256 * 1024, 256 * 1024);
      s.sendWindowUpdate();
      expect(s.updates).toBe(1);
    }
  });
});
