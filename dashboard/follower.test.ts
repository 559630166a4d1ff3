import { describe, expect, it } from "vitest";
import type { ChainClient, SubnetInfo } from "../chain/client/index.js";
import { silentLogger } from "../lib/logger.js";
import { createChainFollower } from "./follower.js";
import { parseDashboardOptions } from "./options.js";

/** A chain the test switches on and off; every read fails while it is off. */
function fakeChain() {
  const chain = { up: true, block: 10, connects: 0 };
  const subnets: SubnetInfo[] = [
    {
      netuid: 1,
      owner: "5Own",
      n: 0,
      maxAllowedUids: 8,
      tempo: 9,
      emissionPerBlock: 3n,
      registeredAt: 2,
      lockedAmount: 5n,
      burn: 1n,
    },
    {
      netuid: 2,
      owner: "5Own",
      n: 0,
      maxAllowedUids: 8,
      tempo: 9,
      emissionPerBlock: 1n,
      registeredAt: 4,
      lockedAmount: 5n,
      burn: 1n,
    },
  ];
  const gate = async <T>(v: T): Promise<T> => {
    if (!chain.up) throw new Error("connection refused");
    return v;
  };
  const make = (): ChainClient =>
    ({
      endpoint: "ws://fake",
      connect: async () => {
        chain.connects++;
        await gate(undefined);
      },
      close: async () => undefined,
      getBlockNumber: () => gate(chain.block),
      getFinalizedBlockNumber: () => gate(chain.block - 2),
      getSubnets: () => gate(subnets),
      getTotalIssuance: () => gate(1000n),
      getNetworkParams: () =>
        gate({
          subnetLimit: 8,
          networkImmunityPeriod: 100,
          networkMinLock: 1n,
          networkLockReductionInterval: 1,
          networkRateLimit: 0,
          rootTempo: 10,
        }),
      getMetagraph: () => gate(null),
      getEpochPayouts: () => gate([]),
    }) as unknown as ChainClient;
  return { chain, make };
}

const until = async (what: string, check: () => boolean) => {
  const deadline = Date.now() + 5000;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe("dashboard chain follower", () => {
  it("builds the network view: emission shares from per-subnet emission, immunity left, next epoch", async () => {
    const { make } = fakeChain();
    const f = createChainFollower(parseDashboardOptions({ pollMs: 50 }), { logger: silentLogger(), createClient: make });
    f.start();
    await until("first view", () => f.network().block === 10);
    const view = f.network();
    expect(view).toMatchObject({ finalized: 8, issuance: "1000", emissionPerBlock: "4", subnetLimit: 8, localnet: false });
    expect(view.subnets.map((s) => [s.netuid, s.emissionShare, s.immunityLeft, s.nextEpochIn])).toEqual([
      [1, 0.75, 92, 8], // (10 + 8 + 1 + 1) % 10 == 0
      [2, 0.25, 94, 7],
    ]);
    await f.stop();
  });

  it("turns a chain that goes away into status down with the reason, serves no client meanwhile, and recovers", async () => {
    const { chain, make } = fakeChain();
    const f = createChainFollower(parseDashboardOptions({ pollMs: 50 }), { logger: silentLogger(), createClient: make });
    const statuses: string[] = [];
    f.onUpdate((v) => statuses.push(v.chain.status));
    f.start();
    await until("up", () => f.network().chain.status === "up");
    chain.up = false;
    chain.block = 11;
    await until("down", () => f.network().chain.status === "down");
    expect(f.network().chain.error).toBe("connection refused");
    expect(() => f.client()).toThrow(/chain at ws:\/\/127.0.0.1:9944 is unavailable: connection refused/);
    const connectsWhileDown = chain.connects;
    await until("a few reconnect tries", () => chain.connects >= connectsWhileDown + 2);
    chain.up = true;
    chain.block = 30;
    await until("up again at the new block", () => f.network().chain.status === "up" && f.network().block === 30);
    expect(f.client()).toBeDefined();
    expect(statuses).toContain("down");
    expect(statuses.at(-1)).toBe("up");
    await f.stop();
  });

  it("starts against a chain that is not there (no throw, status down) and stops promptly", async () => {
    const { chain, make } = fakeChain();
    chain.up = false;
    const f = createChainFollower(parseDashboardOptions({}), { logger: silentLogger(), createClient: make });
    f.start();
    await until("down", () => f.network().chain.status === "down");
    expect(f.network().block).toBeNull();
    await f.stop();
  });
});

describe("dashboard options", () => {
  it("refuse bad values naming the field", () => {
    expect(() => parseDashboardOptions({ chain: "http://x" })).toThrow(/chain: must be a ws:\/\/ or wss:\/\/ URL/);
    expect(() => parseDashboardOptions({ port: 70000 })).toThrow(/port/);
    expect(() => parseDashboardOptions({ nope: 1 } as never)).toThrow(/nope/);
    expect(parseDashboardOptions({})).toMatchObject({ host: "127.0.0.1", port: 8080 });
  });
});
