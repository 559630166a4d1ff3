import type { ConnectionEncrypter, MessageStream } from "@libp2p/interface";

/** The part of a libp2p transport connection this patch touches (AbstractMessageStream.sendData). */
interface ByteList extends Iterable<Uint8Array> {
  readonly byteLength: number;
  readonly bufs: Uint8Array[];
  subarray(): Uint8Array;
}
type SendData = (data: ByteList) => { sentBytes: number; canSendMore: boolean };

/** Messages up to this size are merged into one buffer before they reach the socket. */
const MERGE_MAX_BYTES = 256 * 1024;

/**
 * Noise hands the TCP connection each encrypted message as two buffers (its 2-byte length, then
 * the ciphertext) and @libp2p/tcp writes each with its own `socket.write`; with TCP_NODELAY that is
 * two syscalls and two segments per message, and the peer wakes up for each. Merging them halves
 * the writes of a small request or answer. A connection without the expected method is left as is.
 */
export function coalesceWrites(connection: MessageStream): MessageStream {
  const target = connection as unknown as { sendData?: SendData };
  if (typeof target.sendData !== "function") return connection;
  const send = target.sendData.bind(connection);
  const List = (connection as unknown as { writeBuffer?: { constructor: new (...bufs: Uint8Array[]) => ByteList } }).writeBuffer
    ?.constructor;
  if (List === undefined) return connection;
  target.sendData = (data) => {
    if (data.bufs.length <= 1 || data.byteLength > MERGE_MAX_BYTES) return send(data);
    return send(new List(data.subarray()));
  };
  return connection;
}

/** Wraps a connection encrypter (noise) so that the transport connection under it coalesces writes. */
export function coalescingEncrypter<C>(factory: (components: C) => ConnectionEncrypter): (components: C) => ConnectionEncrypter {
  return (components) => {
    const inner = factory(components);
    return {
      protocol: inner.protocol,
      secureInbound: (connection, options) => inner.secureInbound(coalesceWrites(connection), options),
      secureOutbound: (connection, options) => inner.secureOutbound(coalesceWrites(connection), options),
    };
  };
}
