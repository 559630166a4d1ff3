import type { z } from "zod";
import type { ChainSigner } from "../../../chain/client/interface.js";
import { errorMessage } from "../../../lib/errors.js";
import type { Logger } from "../../../lib/logger.js";
import type { SubnetMiner } from "../../../subnets/sdk/interface.js";
import type { MetagraphView } from "../../metagraph/index.js";
import type { Metrics } from "../../metrics/index.js";
import type { NonceRepository } from "../../store/index.js";
import type { InboundContext, MessageHandler } from "../interface.js";
import {
  decodeEnvelope,
  decodeJsonBody,
  type Envelope,
  encodeEnvelope,
  encodeJsonBody,
  MessageKind,
  peekHeader,
  Status,
  statusName,
  WIRE_VERSION,
} from "./envelope.js";
import { PriorityLimiter, RateLimiter } from "./limits.js";
import { checkEnvelopeSignature, createMessageSigner, type MessageSigner, type SigningMode, signEnvelope } from "./signing.js";

export interface QueryServerOptions {
  netuid: number;
  /** Callers with less stake (base units) are refused without work. */
  minStake: bigint;
  rateLimit: { perSecond: number; burst: number };
  maxConcurrent: number;
  maxQueued: number;
  /** Deadline given to the subnet handler. */
  handlerTimeoutMs: number;
  /**
   * An unknown hotkey or peer id may be a validator that registered or re-served since the last
   * sync: re-read the metagraph before refusing, at most once per this many ms.
   */
  unknownCallerRefreshMs?: number;
  /** How responses are signed (default: a session key the hotkey certified; see session.ts). */
  signing?: SigningMode;
}

export interface QueryServerDeps {
  signer: ChainSigner;
  metagraph: MetagraphView;
  nonces: NonceRepository;
  requestSchema: z.ZodType<unknown>;
  responseSchema: z.ZodType<unknown>;
  handler: SubnetMiner<unknown, unknown>;
  metrics: Metrics | null;
  logger: Logger;
}

export interface QueryServer {
  /** What the network calls for each inbound message of this subnet. */
  readonly handle: MessageHandler;
  /** The per-peer message cap to serve with (Network.serve's maxMessageBytesFor). */
  readonly maxMessageBytesFor: (peerId: string) => number;
  /** Refuse new work (status shuttingDown) and wait for or cancel what is running. */
  drain(graceMs: number): Promise<void>;
  readonly inFlight: number;
}

type Refusal = { status: Status; error: string };

/** The largest message a peer that is not a known validator may send (a request header fits easily). */
export const STRANGER_MAX_MESSAGE_BYTES = 16 * 1024;

/**
 * The miner's axon for one subnet. Checks run cheapest first and each has its own status:
 * wire format, caller membership / permit / stake / peer binding (no crypto yet, so strangers
 * cost nothing), signature, nonce, payload schema, rate limit, concurrency; only then the handler.
 */
export function createQueryServer(options: QueryServerOptions, deps: QueryServerDeps): QueryServer {
  const { netuid, minStake } = options;
  const log = deps.logger;
  const signer = createMessageSigner(deps.signer, options.signing ?? "session");
  const rate = new RateLimiter(options.rateLimit.perSecond, options.rateLimit.burst);
  const slots = new PriorityLimiter(options.maxConcurrent, options.maxQueued);
  const shutdown = new AbortController();
  let draining = false;
  let lastForcedRefresh = 0;
  const refreshEvery = options.unknownCallerRefreshMs ?? 2_000;

  let refreshing: Promise<void> | null = null;
  /**
   * Re-reads the metagraph for an unknown caller, at most once per `refreshEvery`; a caller that
   * arrives while a re-read runs waits for it.
   */
  async function refreshForUnknown(): Promise<void> {
    if (refreshing !== null) return refreshing;
    const now = Date.now();
    if (now - lastForcedRefresh < refreshEvery) return;
    lastForcedRefresh = now;
    refreshing = deps.metagraph
      .refresh()
      .then(
        () => undefined,
        // The caller is then judged on the metagraph as it was; the next sync tries again.
        (err: unknown) => log.debug({ netuid, err: errorMessage(err) }, "metagraph refresh for an unknown caller failed"),
      )
      .finally(() => {
        refreshing = null;
      });
    return refreshing;
  }

  /** The caller's neuron when the chain binds its hotkey to this peer id, re-syncing once if stale. */
  async function lookup(hotkey: string, peerId: string) {
    const neuron = deps.metagraph.byHotkey(hotkey);
    if (neuron !== null && neuron.endpoint?.peerId === peerId) return neuron;
    await refreshForUnknown();
    return deps.metagraph.byHotkey(hotkey);
  }

  /**
   * What a peer may send in one message: everything for a validator with a permit and enough stake
   * (by the peer id the chain binds to its hotkey), a small cap for anyone else. A stranger's
   * request still fits (it gets its notRegistered refusal) but it cannot make the miner buffer
   * megabytes per stream. An unknown peer also triggers the rate-limited metagraph refresh, so a
   * validator that registered since the last sync gets the full limit soon.
   */
  function maxMessageBytesFor(peerId: string): number {
    const neuron = deps.metagraph.byPeerId(peerId);
    if (neuron?.validatorPermit && neuron.stake >= minStake) return Number.POSITIVE_INFINITY;
    void refreshForUnknown();
    return STRANGER_MAX_MESSAGE_BYTES;
  }
  let inFlight = 0;
  const idle: Array<() => void> = [];

  const reply = (
    request: Pick<Envelope, "requestId" | "nonce">,
    status: Status,
    body: unknown,
    processingMs: number,
  ): Uint8Array =>
    encodeEnvelope(
      signEnvelope(netuid, signer, {
        version: WIRE_VERSION,
        kind: MessageKind.response,
        status,
        requestId: request.requestId,
        nonce: request.nonce,
        processingMs,
        body: encodeJsonBody(body),
      }),
    );

  async function admit(
    envelope: Envelope,
    from: InboundContext,
  ): Promise<Refusal | { caller: { uid: number; hotkey: string; stake: bigint }; request: unknown }> {
    if (envelope.version !== WIRE_VERSION)
      return {
        status: Status.unsupportedVersion,
        error: `wire version ${envelope.version} is not supported (want ${WIRE_VERSION})`,
      };
    if (envelope.kind !== MessageKind.request) return { status: Status.malformed, error: "expected a request" };
    // Membership first, from the hotkey the message claims: a lookup, never an exception.
    const neuron = await lookup(envelope.hotkey, from.peerId);
    if (neuron === null)
      return { status: Status.notRegistered, error: `hotkey ${envelope.hotkey} is not registered on subnet ${netuid}` };
    if (neuron.endpoint?.peerId !== from.peerId) {
      return {
        status: Status.wrongPeer,
        error: `peer ${from.peerId} is not the peer id the chain binds to hotkey ${envelope.hotkey}`,
      };
    }
    if (!neuron.validatorPermit)
      return { status: Status.noPermit, error: `uid ${neuron.uid} has no validator permit on subnet ${netuid}` };
    if (neuron.stake < minStake)
      return { status: Status.lowStake, error: `stake ${neuron.stake} is below the minimum ${minStake}` };
    const badSignature = await checkEnvelopeSignature(netuid, envelope);
    if (badSignature !== null) return { status: Status.badSignature, error: badSignature };
    if (!(await deps.nonces.advance(netuid, envelope.hotkey, envelope.nonce))) {
      return { status: Status.replayedNonce, error: `nonce ${envelope.nonce} is not above the last one seen from this hotkey` };
    }
    let body: unknown;
    try {
      body = decodeJsonBody(envelope.body);
    } catch (err) {
      return { status: Status.malformed, error: errorMessage(err) };
    }
    const parsed = deps.requestSchema.safeParse(body);
    if (!parsed.success)
      return { status: Status.badPayload, error: `request does not match the subnet schema: ${summarize(parsed.error)}` };
    if (!rate.tryTake(from.peerId)) return { status: Status.rateLimited, error: "rate limit exceeded" };
    return { caller: { uid: neuron.uid, hotkey: neuron.hotkey, stake: neuron.stake }, request: parsed.data };
  }

  async function run(
    request: unknown,
    caller: { uid: number; hotkey: string; stake: bigint },
  ): Promise<{ status: Status; body: unknown }> {
    // A controller per request, aborted by its own timer or by shutdown, and detached from the
    // long-lived shutdown signal when the request ends. AbortSignal.any([timeout, shutdown.signal])
    // kept every request's signal reachable on Node 20: the miners' heap grew ~230 bytes per query
    // in scripts/soak.ts.
    const control = new AbortController();
    const timer = setTimeout(
      () => control.abort(new DOMException(`handler deadline of ${options.handlerTimeoutMs} ms`, "TimeoutError")),
      options.handlerTimeoutMs,
    );
    const onShutdown = (): void => control.abort(shutdown.signal.reason);
    if (shutdown.signal.aborted) onShutdown();
    else shutdown.signal.addEventListener("abort", onShutdown, { once: true });
    const deadline = control.signal;
    try {
      const release = await slots.acquire(caller.stake, deadline);
      if (release === null) {
        if (shutdown.signal.aborted) return { status: Status.shuttingDown, body: { error: "miner is shutting down" } };
        return { status: Status.busy, body: { error: `miner is busy (${slots.active} running, ${slots.waiting} queued)` } };
      }
      try {
        const answer = await Promise.race([
          deps.handler.handle(request, { signal: deadline, caller }),
          new Promise<never>((_, reject) => {
            if (deadline.aborted) reject(deadline.reason);
            deadline.addEventListener("abort", () => reject(deadline.reason), { once: true });
          }),
        ]);
        const checked = deps.responseSchema.safeParse(answer);
        if (!checked.success) {
          log.error({ netuid, err: summarize(checked.error) }, "subnet handler returned a response that fails its own schema");
          return { status: Status.handlerError, body: { error: "handler produced an invalid response" } };
        }
        return { status: Status.ok, body: checked.data };
      } catch (err) {
        if (shutdown.signal.aborted) return { status: Status.shuttingDown, body: { error: "miner is shutting down" } };
        if (deadline.aborted)
          return { status: Status.timeout, body: { error: `handler did not answer within ${options.handlerTimeoutMs} ms` } };
        log.warn({ netuid, err: errorMessage(err) }, "subnet handler failed");
        return { status: Status.handlerError, body: { error: errorMessage(err) } };
      } finally {
        release();
      }
    } finally {
      clearTimeout(timer);
      shutdown.signal.removeEventListener("abort", onShutdown);
    }
  }

  const handle: MessageHandler = async (message, from) => {
    const started = performance.now();
    const finish = (request: Pick<Envelope, "requestId" | "nonce">, status: Status, body: unknown): Uint8Array => {
      const ms = performance.now() - started;
      deps.metrics?.inboundQuery(netuid, statusName(status), ms / 1000);
      if (status !== Status.ok) log.debug({ netuid, peer: from.peerId, status: statusName(status) }, "query refused");
      return reply(request, status, body, ms);
    };
    let envelope: Envelope;
    try {
      envelope = decodeEnvelope(message);
    } catch (err) {
      // An older wire version lays its header out differently: answer it by id so its sender
      // learns why. Anything else unreadable gets request id 0 (it cannot be answered by id).
      const header = peekHeader(message);
      if (header !== null && header.version >= 1 && header.version < WIRE_VERSION) {
        return finish(header, Status.unsupportedVersion, {
          error: `wire version ${header.version} is not supported (want ${WIRE_VERSION})`,
        });
      }
      return finish({ requestId: 0, nonce: 0n }, Status.malformed, { error: errorMessage(err) });
    }
    if (draining) return finish(envelope, Status.shuttingDown, { error: "miner is shutting down" });
    inFlight += 1;
    try {
      const admitted = await admit(envelope, from);
      if ("status" in admitted) return finish(envelope, admitted.status, { error: admitted.error });
      const result = await run(admitted.request, admitted.caller);
      return finish(envelope, result.status, result.body);
    } finally {
      inFlight -= 1;
      if (inFlight === 0) for (const resolve of idle.splice(0)) resolve();
    }
  };

  return {
    handle,
    maxMessageBytesFor,
    get inFlight() {
      return inFlight;
    },
    async drain(graceMs) {
      draining = true;
      const done = inFlight === 0 ? Promise.resolve() : new Promise<void>((resolve) => idle.push(resolve));
      const timer = setTimeout(() => shutdown.abort(new Error("shutting down")), graceMs);
      try {
        await done;
      } finally {
        clearTimeout(timer);
        shutdown.abort(new Error("shutting down"));
      }
    },
  };
}

function summarize(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  return error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.map(String).join(".") || "(root)"}: ${issue.message}`)
    .join("; ");
}

/** The answer to a message too large to read: request id 0, signed under netuid 0 (it names no subnet). */
export function tooLargeRefusal(signer: MessageSigner, error: string): Uint8Array {
  return encodeEnvelope(
    signEnvelope(0, signer, {
      version: WIRE_VERSION,
      kind: MessageKind.response,
      status: Status.tooLarge,
      requestId: 0,
      nonce: 0n,
      processingMs: 0,
      body: encodeJsonBody({ error }),
    }),
  );
}
