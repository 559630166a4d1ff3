import type { z } from "zod";
import type { ChainSigner } from "../../../chain/client/interface.js";
import { errorMessage } from "../../../lib/errors.js";
import type { Logger } from "../../../lib/logger.js";
import type { QueryOutcome } from "../../../subnets/sdk/interface.js";
import type { Metrics } from "../../metrics/index.js";
import { NetworkError } from "../errors.js";
import type { Network, PeerAddress } from "../interface.js";
import {
  decodeEnvelope,
  decodeJsonBody,
  encodeEnvelope,
  encodeJsonBody,
  MessageKind,
  Status,
  statusName,
  WIRE_VERSION,
} from "./envelope.js";
import type { NonceSource } from "./nonce.js";
import { checkEnvelopeSignature, createMessageSigner, type SigningMode, signEnvelope } from "./signing.js";

/** One miner to ask: its uid, the hotkey that must sign the answer and where to reach it. */
export interface QueryTarget {
  uid: number;
  hotkey: string;
  peer: PeerAddress;
}

export interface DendriteOptions {
  netuid: number;
  /** Cap on requests in flight across all miners. */
  maxInFlight: number;
  /** How requests are signed (default: a session key the hotkey certified; see protocol/session.ts). */
  signing?: SigningMode;
}

export interface DendriteDeps {
  network: Network;
  signer: ChainSigner;
  nonces: NonceSource;
  responseSchema: z.ZodType<unknown>;
  metrics: Metrics | null;
  logger: Logger;
}

/** The validator's side of the query protocol: fan-out with timeouts, every outcome typed. */
export interface Dendrite {
  /** Asks each target its request; resolves with one outcome per target, never rejects. */
  query(targets: Array<{ target: QueryTarget; request: unknown }>, timeoutMs: number): Promise<Array<QueryOutcome<unknown>>>;
  /** Opens connections and query streams now, so handshakes happen at sync, not on the query path. */
  warm(targets: QueryTarget[], timeoutMs: number): Promise<number>;
}

const REFUSED = new Set<number>([
  Status.malformed,
  Status.unsupportedVersion,
  Status.notRegistered,
  Status.noPermit,
  Status.lowStake,
  Status.wrongPeer,
  Status.badSignature,
  Status.replayedNonce,
  Status.badPayload,
  Status.tooLarge,
  Status.unknownSubnet,
  Status.shuttingDown,
]);

export function createDendrite(options: DendriteOptions, deps: DendriteDeps): Dendrite {
  const { netuid } = options;
  const signer = createMessageSigner(deps.signer, options.signing ?? "session");
  let nextRequestId = 1;
  let running = 0;
  const waiting: Array<() => void> = [];
  const acquire = async (): Promise<void> => {
    if (running < options.maxInFlight) {
      running += 1;
      return;
    }
    await new Promise<void>((resolve) => waiting.push(resolve));
  };
  const release = (): void => {
    const next = waiting.shift();
    if (next !== undefined) next();
    else running -= 1;
  };
  const requestId = (): number => {
    const id = nextRequestId;
    // 0 is reserved for "could not parse"; wrap inside u32.
    nextRequestId = nextRequestId >= 0xffffffff ? 1 : nextRequestId + 1;
    return id;
  };

  /** A request as sent: its id, nonce and signed bytes, or why it could not be built. */
  type Prepared = { id: number; nonce: bigint; raw: Uint8Array } | { error: string };

  function prepare(request: unknown): Prepared {
    const id = requestId();
    const nonce = deps.nonces.next();
    try {
      const raw = encodeEnvelope(
        signEnvelope(netuid, signer, {
          version: WIRE_VERSION,
          kind: MessageKind.request,
          status: Status.ok,
          requestId: id,
          nonce,
          processingMs: 0,
          body: encodeJsonBody(request),
        }),
      );
      return { id, nonce, raw };
    } catch (err) {
      return { error: `could not encode the request: ${errorMessage(err)}` };
    }
  }

  /**
   * One prepared request per distinct request object, shared by the miners that get the same
   * challenge: a fan-out encodes and signs once. Sharing is safe because a miner only accepts a
   * request over a connection whose peer id the chain binds to the signing hotkey, so a miner
   * cannot relay what it received to another miner. A miner listed twice gets its own id.
   */
  function prepareAll(items: Array<{ target: QueryTarget; request: unknown }>): Prepared[] {
    const shared = new Map<unknown, Array<{ prepared: Prepared; peers: Set<string> }>>();
    return items.map(({ target, request }) => {
      let entries = shared.get(request);
      if (entries === undefined) {
        entries = [];
        shared.set(request, entries);
      }
      let entry = entries.find((e) => !e.peers.has(target.peer.peerId));
      if (entry === undefined) {
        entry = { prepared: prepare(request), peers: new Set() };
        entries.push(entry);
      }
      entry.peers.add(target.peer.peerId);
      return entry.prepared;
    });
  }

  async function one(target: QueryTarget, prepared: Prepared, timeoutMs: number): Promise<QueryOutcome<unknown>> {
    const started = performance.now();
    const fail = (reason: Exclude<QueryOutcome<unknown>, { ok: true }>["reason"], message: string): QueryOutcome<unknown> => ({
      ok: false,
      reason,
      message,
      latencyMs: performance.now() - started,
    });
    if ("error" in prepared) return fail("error", prepared.error);
    const { id, nonce, raw } = prepared;
    let answer: Uint8Array;
    try {
      answer = await deps.network.request(target.peer, netuid, id, raw, AbortSignal.timeout(timeoutMs));
    } catch (err) {
      if (err instanceof NetworkError) {
        if (err.type.code === "ABORTED") return fail("timeout", `no answer within ${timeoutMs} ms`);
        if (err.type.code === "TOO_LARGE") return fail("error", err.message);
        if (err.type.code === "PEER_REFUSED") return fail("refused", `${statusName(err.type.status)}: ${err.type.reason}`);
        return fail("connection", err.message);
      }
      return fail("error", errorMessage(err));
    }
    try {
      const envelope = decodeEnvelope(answer);
      if (envelope.kind !== MessageKind.response || envelope.requestId !== id || envelope.nonce !== nonce) {
        return fail("bad_payload", "response does not answer this request");
      }
      if (envelope.hotkey !== target.hotkey)
        return fail("bad_payload", `response signed by ${envelope.hotkey}, expected ${target.hotkey}`);
      const badSignature = await checkEnvelopeSignature(netuid, envelope);
      if (badSignature !== null) return fail("bad_payload", `response signature is invalid: ${badSignature}`);
      const body = decodeJsonBody(envelope.body) as { error?: unknown };
      if (envelope.status !== Status.ok) {
        const message = `${statusName(envelope.status)}: ${typeof body?.error === "string" ? body.error : "no reason given"}`;
        if (envelope.status === Status.timeout) return fail("timeout", message);
        if (envelope.status === Status.busy || envelope.status === Status.rateLimited) return fail("busy", message);
        if (REFUSED.has(envelope.status)) return fail("refused", message);
        return fail("error", message);
      }
      const parsed = deps.responseSchema.safeParse(body);
      if (!parsed.success)
        return fail("bad_payload", `response does not match the subnet schema: ${parsed.error.issues[0]?.message ?? "invalid"}`);
      return { ok: true, response: parsed.data, latencyMs: performance.now() - started, processingMs: envelope.processingMs };
    } catch (err) {
      return fail("bad_payload", errorMessage(err));
    }
  }

  return {
    async query(items, timeoutMs) {
      const prepared = prepareAll(items);
      return Promise.all(
        items.map(async ({ target }, index) => {
          await acquire();
          try {
            const outcome = await one(target, prepared[index] as Prepared, timeoutMs);
            deps.metrics?.outboundQuery(netuid, outcome.ok ? "ok" : outcome.reason, outcome.latencyMs / 1000);
            if (!outcome.ok)
              deps.logger.debug({ uid: target.uid, reason: outcome.reason, message: outcome.message }, "query failed");
            return outcome;
          } catch (err) {
            // one() reports everything as an outcome; this is a last guard so the loop never throws.
            return { ok: false, reason: "error", message: errorMessage(err), latencyMs: 0 } as const;
          } finally {
            release();
          }
        }),
      );
    },

    async warm(targets, timeoutMs) {
      const results = await Promise.allSettled(
        targets.map((t) => deps.network.connect(t.peer, netuid, AbortSignal.timeout(timeoutMs))),
      );
      return results.filter((r) => r.status === "fulfilled").length;
    },
  };
}
