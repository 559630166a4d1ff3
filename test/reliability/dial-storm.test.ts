import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../lib/logger.js";
import { createNetwork, type Network, NetworkError, type NetworkOptionsInput, peekRequestId } from "../../node/network/index.js";

// Issue 14, case 4: a validator on a loaded machine dialled 256 miners at once (no cap, no
// backoff): 0 of 256 in its first round and never better. Now dials run at most `dialConcurrency`
// at a time (a queued dial's timeout starts when it runs), a peer that failed is backed off per
// peer, and a dial left running when a round gives up serves the next round. The convergence
// under a CPU hog on both cores is measured by `npm run bench -- --only p2p`; here the mechanism,
// with real libp2p on 127.0.0.1 and every loop bounded in count.
const NETUID = 1;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function startNode(options: NetworkOptionsInput = {}, seed: Uint8Array = randomBytes(32)): Promise<Network> {
  const network = await createNetwork({ dht: false, ...options }, { logger: silentLogger(), peerKeySeed: seed });
  await network.start();
  cleanups.push(() => network.stop());
  return network;
}

/** An echo server: the network layer answers with the same bytes (request id included). */
async function startEcho(options: NetworkOptionsInput = {}, seed?: Uint8Array): Promise<Network> {
  const node = await startNode(options, seed);
  await node.serve(NETUID, async (msg) => msg);
  return node;
}

function message(requestId: number): Uint8Array {
  const out = new Uint8Array(16);
  new DataView(out.buffer).setUint32(4, requestId);
  return out;
}

/** One round: a request to every target; which answered. */
async function round(client: Network, targets: Network[], id: number, timeoutMs: number): Promise<boolean[]> {
  const results = await Promise.allSettled(
    targets.map((t) =>
      client.request(
        { peerId: t.peerId, multiaddrs: t.getMultiaddrs() },
        NETUID,
        id,
        message(id),
        AbortSignal.timeout(timeoutMs),
      ),
    ),
  );
  return results.map((r) => r.status === "fulfilled" && peekRequestId(r.value) === id);
}

describe("a validator's dials", () => {
  it("runs at most dialConcurrency dials at once and reaches every miner of a cold fan-out", async () => {
    const miners: Network[] = [];
    for (let i = 0; i < 24; i++) miners.push(await startEcho());
    const validator = await startNode({ dialConcurrency: 4 });
    const answeredPerRound: number[] = [];
    // At most 5 rounds; a round gives up on its slow answers, their dials go on.
    for (let r = 1; r <= 5; r++) {
      const answered = await round(validator, miners, r, 10_000);
      answeredPerRound.push(answered.filter(Boolean).length);
      if (answered.every(Boolean)) break;
    }
    const stats = validator.stats().dials;
    if (process.env.RELIABILITY_REPORT)
      console.log(JSON.stringify({ case: "cold fan-out, 4 dials at once", answeredPerRound, stats }));
    expect(answeredPerRound.at(-1)).toBe(24);
    expect(stats.maxRunning).toBeGreaterThan(0);
    expect(stats.maxRunning).toBeLessThanOrEqual(4);
  }, 120_000);

  it("backs off from a miner that is down instead of redialling it every round, and reaches it once it is back", async () => {
    const seed = randomBytes(32);
    const first = await createNetwork({ dht: false }, { logger: silentLogger(), peerKeySeed: seed });
    await first.start();
    const addrs = first.getMultiaddrs();
    const target = { peerId: first.peerId, multiaddrs: addrs };
    await first.stop();

    // Long backoff: the second request must not dial at all.
    const patient = await startNode({ dialBackoffMs: 60_000, dialBackoffMaxMs: 60_000 });
    const firstTry = await patient.request(target, NETUID, 1, message(1), AbortSignal.timeout(10_000)).catch((e: unknown) => e);
    const secondTry = await patient.request(target, NETUID, 2, message(2), AbortSignal.timeout(10_000)).catch((e: unknown) => e);
    expect((firstTry as NetworkError).type.code).toBe("DIAL_FAILED");
    expect(secondTry).toBeInstanceOf(NetworkError);
    expect((secondTry as NetworkError).type).toMatchObject({ code: "BACKING_OFF", peer: target.peerId, failures: 1 });
    const failures = patient.stats().dials.failures;
    expect(failures.timeout + failures.refused + failures.other).toBe(1);
    expect(failures.backoff).toBe(1);

    // Short backoff: the miner comes back on the same address and identity and is reached again.
    const eager = await startNode({ dialBackoffMs: 100, dialBackoffMaxMs: 400 });
    const down = await eager.request(target, NETUID, 1, message(1), AbortSignal.timeout(10_000)).catch((e: unknown) => e);
    expect(down).toBeInstanceOf(NetworkError);
    const port = addrs[0]?.split("/")[4];
    await startEcho({ listen: [`/ip4/127.0.0.1/tcp/${port}`] }, seed);
    let answer: Uint8Array | null = null;
    // Bounded: at most 50 tries, 100 ms apart.
    for (let i = 0; i < 50 && answer === null; i++) {
      answer = await eager.request(target, NETUID, 10 + i, message(10 + i), AbortSignal.timeout(10_000)).catch(() => null);
      if (answer === null) await new Promise((r) => setTimeout(r, 100));
    }
    expect(answer).not.toBeNull();
  }, 60_000);
});
