import { ApiPromise, WsProvider } from "@polkadot/api";
import type { Logger } from "../../lib/logger.js";
import { ChainError } from "./errors.js";
import type { ResolvedChainClientOptions } from "./options.js";

/**
 * Transaction extensions of the meshtensor runtime that polkadot-js does not ship. The Subnets
 * pallet's `CheckNeuronCall` (which refuses fee-free hotkey calls their dispatch would refuse)
 * carries no data in the extrinsic or the signed payload: empty types. Named here so signing
 * does not rely on polkadot-js treating unknown extensions as empty.
 */
export const MESHTENSOR_EXTENSIONS = {
  CheckNeuronCall: { extrinsic: {}, payload: {} },
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Open the websocket once; resolves when connected, rejects on error or after `ms`. */
async function openOnce(provider: WsProvider, ms: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no answer within ${ms} ms`)), ms);
    const offs: Array<() => void> = [];
    const done = (err?: Error) => {
      clearTimeout(timer);
      for (const off of offs) off();
      err ? reject(err) : resolve();
    };
    offs.push(provider.on("connected", () => done()));
    offs.push(provider.on("error", (e: unknown) => done(e instanceof Error ? e : new Error(describe(e)))));
    provider.connect().catch((e: unknown) => done(e instanceof Error ? e : new Error(String(e))));
  });
}

function describe(e: unknown): string {
  if (e && typeof e === "object" && "message" in e) return String((e as { message: unknown }).message);
  if (e && typeof e === "object" && "type" in e) return `websocket ${String((e as { type: unknown }).type)}`;
  return "connection error";
}

/**
 * One ApiPromise with connect-with-backoff and reconnect-with-backoff. polkadot-js' own
 * auto-connect retries at a fixed delay forever; we want a bounded first connect with a clear
 * error, and exponential backoff after a drop.
 */
export class Connection {
  private provider: WsProvider | null = null;
  private apiInstance: ApiPromise | null = null;
  private closing = false;
  private reconnecting = false;

  constructor(
    private readonly options: ResolvedChainClientOptions,
    private readonly log: Logger,
  ) {}

  get api(): ApiPromise {
    if (!this.apiInstance) {
      throw new ChainError(
        { code: "NOT_CONNECTED", endpoint: this.options.endpoint },
        `not connected to ${this.options.endpoint} (call connect() first)`,
      );
    }
    return this.apiInstance;
  }

  async connect(): Promise<void> {
    if (this.apiInstance) return;
    this.closing = false;
    const { endpoint, connectTimeoutMs, initialBackoffMs, maxBackoffMs, requestTimeoutMs } = this.options;
    const deadline = Date.now() + connectTimeoutMs;
    let backoff = initialBackoffMs;
    let lastError = "unknown";
    const provider = new WsProvider(endpoint, false, {}, requestTimeoutMs);
    for (;;) {
      const left = deadline - Date.now();
      try {
        await openOnce(provider, Math.max(100, left));
        break;
      } catch (err) {
        lastError = err instanceof Error ? err.message : String(err);
        await provider.disconnect().catch(() => undefined);
        if (Date.now() + backoff >= deadline) {
          throw new ChainError(
            { code: "CONNECTION_FAILED", endpoint, reason: lastError },
            `cannot reach the chain at ${endpoint}: ${lastError} (is the node or \`meshtensor devchain\` running?)`,
          );
        }
        this.log.debug({ endpoint, backoff, err: lastError }, "connect failed, retrying");
        await sleep(backoff);
        backoff = Math.min(backoff * 2, maxBackoffMs);
      }
    }
    this.provider = provider;
    try {
      const api = await ApiPromise.create({
        provider,
        noInitWarn: true,
        throwOnConnect: true,
        signedExtensions: MESHTENSOR_EXTENSIONS,
      });
      await api.isReadyOrError;
      this.apiInstance = api;
    } catch (err) {
      await provider.disconnect().catch(() => undefined);
      this.provider = null;
      const reason = err instanceof Error ? err.message : String(err);
      throw new ChainError(
        { code: "CONNECTION_FAILED", endpoint, reason },
        `connected to ${endpoint} but could not initialise the API: ${reason}`,
      );
    }
    provider.on("disconnected", () => {
      if (!this.closing) void this.reconnect();
    });
    this.log.debug({ endpoint }, "connected");
  }

  private async reconnect(): Promise<void> {
    if (this.reconnecting || !this.provider) return;
    this.reconnecting = true;
    let backoff = this.options.initialBackoffMs;
    try {
      while (!this.closing && this.provider && !this.provider.isConnected) {
        this.log.warn({ endpoint: this.options.endpoint, backoff }, "connection lost, reconnecting");
        await sleep(backoff);
        if (this.closing || !this.provider) return;
        try {
          await openOnce(this.provider, this.options.requestTimeoutMs);
        } catch {
          backoff = Math.min(backoff * 2, this.options.maxBackoffMs);
        }
      }
    } finally {
      this.reconnecting = false;
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    const api = this.apiInstance;
    const provider = this.provider;
    this.apiInstance = null;
    this.provider = null;
    if (api) await api.disconnect().catch(() => undefined);
    else if (provider) await provider.disconnect().catch(() => undefined);
  }
}
