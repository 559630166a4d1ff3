import { randomBytes } from "node:crypto";
import type { Libp2p, Stream } from "@libp2p/interface";
import { peerIdFromString } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import { createHost } from "../host.js";
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
