import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ChainError } from "../../chain/client/errors.js";
import type { AxonEndpointInput, ChainClient, ChainSigner } from "../../chain/client/interface.js";
import type { Metagraph, NeuronInfo } from "../../chain/client/types.js";
import type { Network } from "../network/index.js";
import { createAxonAnnouncer } from "./announce.js";

const HOTKEY = "5Hotkey";
const PEER = "12D3KooWSelf";
const signer = { address: HOTKEY } as ChainSigner;

/** serve_axon as the pallet does it: registered hotkeys only, one call per `servingRateLimit` blocks. */
class FakeChain {
  block = 100;
  servingRateLimit = 0;
  registered = true;
  /** Thrown by the next getMetagraph calls (a lost connection). */
  down: Error | null = null;
  endpoint: (AxonEndpointInput & { block: number }) | null = null;
  /** Thrown by the next serveAxon call (e.g. a refusal the metagraph read did not predict). */
  refuseNext: ChainError | null = null;
  readonly served: string[][] = [];
  metagraphCalls = 0;

  async getMetagraph(netuid: number): Promise<Metagraph | null> {
    this.metagraphCalls += 1;
    if (this.down) throw this.down;
    const self = { uid: 0, hotkey: HOTKEY, endpoint: this.endpoint } as NeuronInfo;
    return {
      netuid,
      block: this.block,
      hyperparameters: { servingRateLimit: BigInt(this.servingRateLimit) },
      neurons: this.registered ? [self] : [],
    } as unknown as Metagraph;
  }

  async serveAxon(_hotkey: ChainSigner, _netuid: number, endpoint: AxonEndpointInput) {
    const refusal = this.refuseNext;
    this.refuseNext = null;
    if (refusal) throw refusal;
    if (!this.registered) throw dispatch("NotRegistered");
    if (this.endpoint && this.block - this.endpoint.block < this.servingRateLimit) throw dispatch("ServingRateLimitExceeded");
    this.endpoint = { ...endpoint, multiaddrs: [...endpoint.multiaddrs], block: this.block };
    this.served.push([...endpoint.multiaddrs]);
    return { blockHash: "0x0", blockNumber: this.block, events: [] };
  }
}

function dispatch(name: string): ChainError {
  return new ChainError({ code: "DISPATCH", pallet: "Subnets", name, docs: "" }, `Subnets.${name}`);
}

class FakeNetwork {
  readonly peerId = PEER;
  addrs: string[] = ["/ip4/10.0.0.1/tcp/4001"];
  private readonly listeners = new Set<(addrs: string[]) => void>();
  getMultiaddrs(): string[] {
    return [...this.addrs];
  }
  onAddressesChanged(listener: (addrs: string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  change(addrs: string[]): void {
    this.addrs = addrs;
    for (const listener of this.listeners) listener([...addrs]);
  }
  get listenerCount(): number {
    return this.listeners.size;
  }
  /** Peer ids that answer a dial. */
  live = new Set<string>();
  async reachable(peer: { peerId: string }): Promise<boolean> {
    return this.live.has(peer.peerId);
  }
}

interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

let chain: FakeChain;
let network: FakeNetwork;
let logs: LogLine[];
let chainErrors: string[];

function announcer(options?: { retryMs?: number; maxRetryMs?: number }) {
  const logger = pino({ level: "debug" }, { write: (line: string) => logs.push(JSON.parse(line) as LogLine) });
  const metrics = { chainError: (op: string) => chainErrors.push(op) } as unknown as Parameters<
    typeof createAxonAnnouncer
  >[1]["metrics"];
  return createAxonAnnouncer(
    [1],
    { chain: chain as unknown as ChainClient, network: network as unknown as Network, signer, metrics, logger },
    options,
  );
}

/** Lets the announcer's queued promise chain run (no timers involved). */
const settle = () => vi.advanceTimersByTimeAsync(0);

describe("axon announcer", () => {
  beforeEach(() => {
    vi.useFakeTimers();
    chain = new FakeChain();
    network = new FakeNetwork();
    logs = [];
    chainErrors = [];
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("serves the axon at start and again when the addresses change", async () => {
    const a = announcer();
    await a.start();
    expect(chain.served).toEqual([["/ip4/10.0.0.1/tcp/4001"]]);
    expect(chain.endpoint).toMatchObject({ peerId: PEER, multiaddrs: ["/ip4/10.0.0.1/tcp/4001"] });

    chain.block += 1;
    network.change(["/ip4/10.0.0.1/tcp/4001", "/ip4/203.0.113.7/tcp/4001"]);
    await settle();
    expect(chain.served).toEqual([["/ip4/10.0.0.1/tcp/4001"], ["/ip4/10.0.0.1/tcp/4001", "/ip4/203.0.113.7/tcp/4001"]]);
    expect(logs.filter((l) => l.msg === "axon served on chain")).toHaveLength(2);
    await a.stop();
    expect(network.listenerCount).toBe(0);
  });

  it("does not serve again (nor read the chain) for the same address set, in any order or with duplicates", async () => {
    network.addrs = ["/ip4/10.0.0.1/tcp/4001", "/ip4/203.0.113.7/tcp/4001"];
    const a = announcer();
    await a.start();
    const reads = chain.metagraphCalls;
    network.change(["/ip4/203.0.113.7/tcp/4001", "/ip4/10.0.0.1/tcp/4001"]);
    network.change(["/ip4/10.0.0.1/tcp/4001", "/ip4/203.0.113.7/tcp/4001", "/ip4/10.0.0.1/tcp/4001"]);
    await settle();
    expect(chain.served).toHaveLength(1);
    expect(chain.metagraphCalls).toBe(reads);
    await a.stop();
  });

  it("serves the newer set when the addresses change while a serve_axon is in flight", async () => {
    const a = announcer();
    const serve = chain.serveAxon.bind(chain);
    let release: () => void = () => {};
    chain.serveAxon = async (...args) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return serve(...args);
    };
    const started = a.start();
    await settle();
    network.change(["/ip4/10.0.0.2/tcp/4001"]); // the old set is being served now
    release();
    await started;
    await settle();
    release();
    await settle();
    expect(chain.served).toEqual([["/ip4/10.0.0.1/tcp/4001"], ["/ip4/10.0.0.2/tcp/4001"]]);
    await a.stop();
  });

  it("does not serve at start when the chain already holds this peer id and these addresses (a restart)", async () => {
    chain.endpoint = { peerId: PEER, multiaddrs: ["/ip4/10.0.0.1/tcp/4001"], version: 1, protocol: 0, block: 90 };
    const a = announcer();
    await a.start();
    expect(chain.served).toEqual([]);
    await a.stop();
  });

  it("waits out the serving rate limit and then serves the latest addresses, logging why", async () => {
    chain.servingRateLimit = 10;
    const a = announcer({ retryMs: 1_000, maxRetryMs: 4_000 });
    await a.start();
    expect(chain.served).toHaveLength(1);

    // Two changes inside the rate limit: nothing can be served now; the last set must win later.
    network.change(["/ip4/10.0.0.2/tcp/4001"]);
    network.change(["/ip4/10.0.0.3/tcp/4001"]);
    await settle();
    expect(chain.served).toHaveLength(1);
    const limited = logs.find((l) => /rate limit/.test(l.msg));
    expect(limited).toMatchObject({ netuid: 1 });
    expect(limited?.retryInMs).toBeGreaterThan(0);

    await vi.advanceTimersByTimeAsync(5_000); // still inside the limit: retried (1 s, then 2 s), still waiting
    expect(chain.served).toHaveLength(1);
    chain.block += 10;
    await vi.advanceTimersByTimeAsync(4_000); // the next retry, 4 s later (maxRetryMs)
    expect(chain.served).toEqual([["/ip4/10.0.0.1/tcp/4001"], ["/ip4/10.0.0.3/tcp/4001"]]);

    // Served: no more retries.
    const reads = chain.metagraphCalls;
    await vi.advanceTimersByTimeAsync(60_000);
    expect(chain.metagraphCalls).toBe(reads);
    await a.stop();
  });

  it("survives a chain error at start (no throw, a warning with the code, a metric) and retries until served", async () => {
    chain.down = new ChainError({ code: "NOT_CONNECTED", endpoint: "ws://x" }, "not connected");
    const a = announcer({ retryMs: 1_000, maxRetryMs: 8_000 });
    await expect(a.start()).resolves.toBeUndefined();
    expect(chain.served).toEqual([]);
    expect(logs.find((l) => l.msg === "serve_axon failed")).toMatchObject({ level: 40, netuid: 1, code: "NOT_CONNECTED" });
    expect(chainErrors).toEqual(["serve_axon"]);

    await vi.advanceTimersByTimeAsync(1_000);
    expect(chainErrors).toHaveLength(2); // retried, failed again
    chain.down = null;
    await vi.advanceTimersByTimeAsync(2_000); // doubled
    expect(chain.served).toEqual([["/ip4/10.0.0.1/tcp/4001"]]);
    await a.stop();
  });

  it("retries after the chain itself refuses serve_axon (ServingRateLimitExceeded named in the log)", async () => {
    chain.refuseNext = dispatch("ServingRateLimitExceeded");
    const a = announcer({ retryMs: 1_000 });
    await a.start();
    expect(logs.find((l) => l.msg === "serve_axon failed")).toMatchObject({
      level: 40,
      netuid: 1,
      code: "ServingRateLimitExceeded",
      retryInMs: 1_000,
    });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(chain.served).toEqual([["/ip4/10.0.0.1/tcp/4001"]]);
    await a.stop();
  });

  it("retries a hotkey that is not registered yet, and serves once it is", async () => {
    chain.registered = false;
    const a = announcer({ retryMs: 1_000, maxRetryMs: 1_000 });
    await a.start();
    expect(logs.find((l) => /not registered/.test(l.msg))).toMatchObject({ level: 40, netuid: 1, hotkey: HOTKEY });
    chain.registered = true;
    await vi.advanceTimersByTimeAsync(1_000);
    expect(chain.served).toHaveLength(1);
    await a.stop();
  });

  it("stop() cancels a pending retry and unsubscribes", async () => {
    chain.down = new Error("boom");
    const a = announcer({ retryMs: 1_000 });
    await a.start();
    await a.stop();
    chain.down = null;
    const reads = chain.metagraphCalls;
    await vi.advanceTimersByTimeAsync(60_000);
    network.change(["/ip4/10.0.0.9/tcp/4001"]);
    await settle();
    expect(chain.metagraphCalls).toBe(reads);
    expect(chain.served).toEqual([]);
  });

  it("warns once when the hotkey is already served by another live peer id, and still serves this node", async () => {
    const other = "12D3KooWOther";
    chain.endpoint = { peerId: other, multiaddrs: ["/ip4/10.0.0.5/tcp/4001"], version: 1, protocol: 0, block: 50 };
    network.live.add(other);
    const a = announcer();
    await a.start();
    const warnings = logs.filter((l) => l.level === 40 && l.servedBy === other);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toContain("already served by another live node");
    expect(chain.endpoint).toMatchObject({ peerId: PEER });
    await a.stop();
  });

  it("does not warn when the other peer id on chain is not reachable (a previous run of this node)", async () => {
    chain.endpoint = { peerId: "12D3KooWGone", multiaddrs: ["/ip4/10.0.0.5/tcp/4001"], version: 1, protocol: 0, block: 50 };
    const a = announcer();
    await a.start();
    expect(logs.filter((l) => l.level === 40)).toEqual([]);
    expect(chain.endpoint).toMatchObject({ peerId: PEER });
    await a.stop();
  });
});
