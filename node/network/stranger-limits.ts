import type { Connection, ConnectionGater, Libp2p, MultiaddrConnection, PeerId } from "@libp2p/interface";
import type { Logger } from "../../lib/logger.js";

/**
 * Inbound connections from strangers (peer ids no metagraph lists) are capped in total and per
 * host, and closed once they are older than `graceMs` while still strangers, so they can neither
 * take the slots metagraph peers need nor hold streams (and the half frames in them) for ever.
 * Metagraph peers and connections this node dialled are never counted, capped or reaped.
 *
 * Measured before (issue 14): one stranger held 61 of 64 connections with idle query streams, and
 * an honest validator's next connection failed 9 of 9 times; 30 s later they were all still open.
 */
export interface StrangerLimitOptions {
  maxConnections: number;
  maxPerHost: number;
  graceMs: number;
}

export interface StrangerStats {
  strangerConnections: number;
  strangersRefused: number;
  strangersReaped: number;
}

export interface StrangerLimits {
  readonly gater: ConnectionGater;
  attach(node: Libp2p): void;
  detach(): void;
  stats(): StrangerStats;
}

interface Tracked {
  connection: Connection;
  host: string;
  openedAt: number;
}

/** A slot the gater granted to a connection still finishing its upgrade. */
interface Reservation {
  host: string;
  until: number;
}
const RESERVATION_MS = 10_000;

export function createStrangerLimits(
  options: StrangerLimitOptions,
  isKnown: (peerId: string) => boolean,
  log: Logger,
): StrangerLimits {
  const tracked = new Map<string, Tracked>();
  const reserved = new Map<string, Reservation>();
  let refused = 0;
  let reaped = 0;
  let node: Libp2p | null = null;
  let timer: NodeJS.Timeout | null = null;

  const hostOf = (addr: { toString(): string }): string => addr.toString().split("/")[2] ?? "";
  /** ip + port: the connection's remoteAddr carries /p2p/<id> where the upgrader's does not. */
  const keyOf = (addr: { toString(): string }): string => addr.toString().split("/p2p/")[0] ?? "";

  const count = (host: string): { total: number; fromHost: number } => {
    const now = Date.now();
    for (const [key, r] of reserved) if (r.until < now) reserved.delete(key);
    let total = 0;
    let same = 0;
    for (const t of [...tracked.values(), ...reserved.values()]) {
      total += 1;
      if (t.host === host) same += 1;
    }
    return { total, fromHost: same };
  };

  const gater: ConnectionGater = {
    denyInboundEncryptedConnection(peerId: PeerId, maConn: MultiaddrConnection) {
      if (isKnown(peerId.toString())) return false;
      const host = hostOf(maConn.remoteAddr);
      const now = count(host);
      if (now.total >= options.maxConnections || now.fromHost >= options.maxPerHost) {
        refused += 1;
        log.debug({ peer: peerId.toString(), host, ...now }, "stranger connection refused: limit reached");
        return true;
      }
      reserved.set(keyOf(maConn.remoteAddr), { host, until: Date.now() + RESERVATION_MS });
      return false;
    },
  };

  const onOpen = (evt: CustomEvent<Connection>): void => {
    const connection = evt.detail;
    reserved.delete(keyOf(connection.remoteAddr));
    if (connection.direction !== "inbound" || isKnown(connection.remotePeer.toString())) return;
    tracked.set(connection.id, { connection, host: hostOf(connection.remoteAddr), openedAt: Date.now() });
  };
  const onClose = (evt: CustomEvent<Connection>): void => {
    tracked.delete(evt.detail.id);
  };

  const reap = (): void => {
    const now = Date.now();
    for (const [id, t] of tracked) {
      if (isKnown(t.connection.remotePeer.toString())) {
        tracked.delete(id);
        continue;
      }
      if (now - t.openedAt < options.graceMs) continue;
      tracked.delete(id);
      reaped += 1;
      log.debug({ peer: t.connection.remotePeer.toString(), host: t.host }, "closing a stranger's connection after its grace");
      t.connection.abort(new Error("stranger connection past its grace period"));
    }
  };

  return {
    gater,
    attach(libp2p) {
      node = libp2p;
      libp2p.addEventListener("connection:open", onOpen);
      libp2p.addEventListener("connection:close", onClose);
      timer = setInterval(reap, Math.max(100, Math.min(5_000, Math.floor(options.graceMs / 4))));
      timer.unref();
    },
    detach() {
      if (timer !== null) clearInterval(timer);
      timer = null;
      node?.removeEventListener("connection:open", onOpen);
      node?.removeEventListener("connection:close", onClose);
      node = null;
      tracked.clear();
      reserved.clear();
    },
    stats: () => ({ strangerConnections: tracked.size, strangersRefused: refused, strangersReaped: reaped }),
  };
}
