import { randomBytes } from "node:crypto";
import type { Libp2p, Stream } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import { createHost, DHT_PROTOCOL } from "../host.js";
import { privateKeyFromSeed } from "../keys.js";
import { networkOptionsSchema } from "../options.js";

/**
 * A misbehaving libp2p peer for reliability tests: it completes the noise handshake (so the node
 * under test sees a real, authenticated peer) and then writes whatever bytes the test asks for on
 * the query protocol, ignoring the framing rules. It lives in node/network because only this
 * folder may import libp2p. Test-only: nothing in the node imports it.
 */
export interface HostilePeer {
  readonly peerId: string;
  /**
   * Opens a stream and writes `bytes` verbatim; resolves with what came back by the stream's end,
   * `waitMs`, or as soon as `enough(received)` is true.
   */
  sendRaw(
    target: Target,
    protocol: string,
    bytes: Uint8Array,
    waitMs: number,
    enough?: (received: Uint8Array) => boolean,
  ): Promise<Uint8Array>;
  /** Opens `count` streams and writes `prefix` on each (maybe nothing), then holds them open, never finishing. */
  holdStreams(target: Target, protocol: string, count: number, prefix?: Uint8Array): Promise<number>;
  /** Dials and hangs up `times` times (connection churn). */
  churn(target: Target, times: number): Promise<void>;
  /**
   * Opens `count` separate connections (forced, not reused), each holding one stream on `protocol`
   * that sends `prefix` (maybe nothing) and never more; resolves with how many were opened.
   */
  holdConnections(target: Target, protocol: string, count: number, prefix?: Uint8Array): Promise<number>;
  /**
   * Writes `messages` kad-dht messages of `type` on the DHT protocol, `perStream` per stream, each
   * with a random key and (ADD_PROVIDER) this peer as provider at `addrsPerMessage` bogus
   * addresses. Resolves with the streams the node accepted up to the end.
   */
  dhtFlood(
    target: Target,
    args: { type: "ADD_PROVIDER" | "FIND_NODE"; messages: number; perStream: number; addrsPerMessage: number },
  ): Promise<{ streamsOpened: number; streamsCompleted: number }>;
  /** Streams this peer holds open now. */
  openStreams(): number;
  stop(): Promise<void>;
}

export interface Target {
  peerId: string;
  multiaddrs: string[];
}

export async function createHostilePeer(): Promise<HostilePeer> {
  const privateKey = await privateKeyFromSeed(randomBytes(32));
  const node: Libp2p = await createHost(networkOptionsSchema.parse({ dht: false }), privateKey);
  await node.start();
  const held: Stream[] = [];

  const open = async (target: Target, protocol: string): Promise<Stream> => {
    const id = peerIdFromString(target.peerId);
    await node.peerStore.merge(id, { multiaddrs: target.multiaddrs.map((a) => multiaddr(a)) });
    const stream = await node.dialProtocol(id, protocol, { signal: AbortSignal.timeout(5_000) });
    stream.inactivityTimeout = 0;
    return stream;
  };

  return {
    peerId: node.peerId.toString(),

    async sendRaw(target, protocol, bytes, waitMs, enough) {
      const stream = await open(target, protocol);
      const chunks: Uint8Array[] = [];
      const done = new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, waitMs);
        const finish = (): void => {
          clearTimeout(timer);
          resolve();
        };
        stream.addEventListener("message", (evt) => {
          const data = evt.data as Uint8Array | { subarray(): Uint8Array };
          chunks.push(data instanceof Uint8Array ? data : data.subarray());
          if (enough?.(new Uint8Array(Buffer.concat(chunks)))) finish();
        });
        stream.addEventListener("close", finish);
        stream.addEventListener("remoteCloseWrite", finish);
      });
      try {
        if (bytes.byteLength > 0) stream.send(bytes);
      } catch {
        // the node may already have reset the stream: what came back is still the answer
      }
      await done;
      stream.abort(new Error("hostile peer done"));
      return new Uint8Array(Buffer.concat(chunks));
    },

    async holdStreams(target, protocol, count, prefix) {
      let opened = 0;
      for (let i = 0; i < count; i++) {
        try {
          const stream = await open(target, protocol);
          if (prefix !== undefined && prefix.byteLength > 0) stream.send(prefix);
          held.push(stream);
          opened += 1;
        } catch {
          // the node's per-connection stream limit refuses the excess: that is the point
        }
      }
      return opened;
    },

    async churn(target, times) {
      const id = peerIdFromString(target.peerId);
      await node.peerStore.merge(id, { multiaddrs: target.multiaddrs.map((a) => multiaddr(a)) });
      for (let i = 0; i < times; i++) {
        await node.dial(id, { signal: AbortSignal.timeout(5_000) }).catch(() => undefined);
        await node.hangUp(id).catch(() => undefined);
      }
    },

    async holdConnections(target, protocol, count, prefix) {
      const id = peerIdFromString(target.peerId);
      await node.peerStore.merge(id, { multiaddrs: target.multiaddrs.map((a) => multiaddr(a)) });
      let opened = 0;
      for (let i = 0; i < count; i++) {
        try {
          const connection = await node.dial(id, { force: true, signal: AbortSignal.timeout(5_000) });
          const stream = await connection.newStream(protocol, { signal: AbortSignal.timeout(5_000) });
          stream.inactivityTimeout = 0;
          if (prefix !== undefined && prefix.byteLength > 0) stream.send(prefix);
          held.push(stream);
          opened += 1;
        } catch {
          // refused by the node's connection limits: that is the point
        }
      }
      return opened;
    },

    async dhtFlood(target, args) {
      const id = peerIdFromString(target.peerId);
      await node.peerStore.merge(id, { multiaddrs: target.multiaddrs.map((a) => multiaddr(a)) });
      const self = node.peerId.toMultihash().bytes;
      let streamsOpened = 0;
      let streamsCompleted = 0;
      for (let sent = 0; sent < args.messages; sent += args.perStream) {
        let stream: Stream;
        try {
          stream = await node.dialProtocol(id, DHT_PROTOCOL, { signal: AbortSignal.timeout(5_000) });
        } catch {
          continue;
        }
        streamsOpened += 1;
        const batch: Uint8Array[] = [];
        for (let i = 0; i < Math.min(args.perStream, args.messages - sent); i++) {
          const addrs = Array.from(
            { length: args.addrsPerMessage },
            (_, j) => multiaddr(`/ip4/10.${(sent + i) % 250}.${j % 250}.${1 + (i % 250)}/tcp/${1024 + j}`).bytes,
          );
          batch.push(lengthPrefixed(kadMessage(args.type, randomCid(), self, addrs)));
        }
        try {
          stream.send(Buffer.concat(batch));
          await stream.close({ signal: AbortSignal.timeout(5_000) });
          streamsCompleted += 1;
        } catch {
          stream.abort(new Error("hostile peer done"));
        }
      }
      return { streamsOpened, streamsCompleted };
    },

    openStreams() {
      return held.filter((s) => s.status === "open").length;
    },

    async stop() {
      for (const stream of held) stream.abort(new Error("hostile peer stopped"));
      held.length = 0;
      await node.stop();
    },
  };
}

/** A random CIDv1 (raw, sha2-256) in binary: the key kad-dht's ADD_PROVIDER expects. */
function randomCid(): Uint8Array {
  return Buffer.concat([Uint8Array.from([0x01, 0x55, 0x12, 0x20]), randomBytes(32)]);
}

/** Protobuf varint. */
function varint(value: number): Uint8Array {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return Uint8Array.from(out);
}

function bytesField(field: number, bytes: Uint8Array): Uint8Array {
  return Buffer.concat([varint((field << 3) | 2), varint(bytes.byteLength), bytes]);
}

function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  return Buffer.concat([varint(bytes.byteLength), bytes]);
}

/** A kad-dht `Message` (dht.proto): type = 1, key = 2, providers = 9 (Peer: id = 1, addrs = 2). */
function kadMessage(type: "ADD_PROVIDER" | "FIND_NODE", key: Uint8Array, provider: Uint8Array, addrs: Uint8Array[]): Uint8Array {
  const typeField = Buffer.concat([varint(1 << 3), varint(type === "ADD_PROVIDER" ? 2 : 4)]);
  const parts = [typeField, bytesField(2, key)];
  if (type === "ADD_PROVIDER") {
    const peer = Buffer.concat([bytesField(1, provider), ...addrs.map((a) => bytesField(2, a))]);
    parts.push(bytesField(9, peer));
  }
  return Buffer.concat(parts);
}
