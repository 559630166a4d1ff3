import { randomBytes } from "node:crypto";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../../lib/logger.js";
import { NetworkError } from "./errors.js";
import type { Network } from "./interface.js";
import { createNetwork } from "./network.js";
import { peekRequestId } from "./query/envelope.js";

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

async function startNode(options: { maxMessageBytes?: number; allow?: string[] } = {}): Promise<Network> {
  const network = await createNetwork({ dht: false, ...options }, { logger: silentLogger(), peerKeySeed: randomBytes(32) });
  await network.start();
  cleanups.push(() => network.stop());
  return network;
}

/** A message whose bytes 4..8 carry the request id, as the query envelope has it. */
function message(requestId: number, size = 16): Uint8Array {
  const out = new Uint8Array(Math.max(size, 8));
  new DataView(out.buffer).setUint32(4, requestId);
  return out;
}

describe("network", () => {
  it("answers requests multiplexed on one stream, each matched by request id", async () => {
    const server = await startNode();
    const client = await startNode();
    let streamsSeen = 0;
    const peers = new Set<string>();
    await server.serve(3, async (msg, from) => {
      peers.add(from.peerId);
      streamsSeen += 1;
      // Answer out of order: later ids first.
      await new Promise((r) => setTimeout(r, 50 - (peekRequestId(msg) ?? 0)));
      return msg;
    });
    const target = { peerId: server.peerId, multiaddrs: server.getMultiaddrs() };
    const ids = Array.from({ length: 40 }, (_, i) => i + 1);
    const answers = await Promise.all(
      ids.map((id) => client.request(target, 3, id, message(id, 100 + id), AbortSignal.timeout(5000))),
    );
    expect(answers.map((a) => peekRequestId(a))).toEqual(ids);
    expect(answers.map((a) => a.byteLength)).toEqual(ids.map((id) => 100 + id));
    expect([...peers]).toEqual([client.peerId]);
    expect(streamsSeen).toBe(40);
  });

  it("accepts allow-list entries as plain IPs or multiaddrs", async () => {
    const server = await startNode({ allow: ["127.0.0.1", "/ip4/10.0.0.0/ipcidr/8", "::1"] });
    expect(server.getMultiaddrs().length).toBeGreaterThan(0);
    await expect(
      createNetwork({ allow: ["localhost"] }, { logger: silentLogger(), peerKeySeed: randomBytes(32) }),
    ).rejects.toThrow(/allow/);
  });

  it("refuses to send a message above the size limit", async () => {
    const server = await startNode();
    const client = await startNode({ maxMessageBytes: 2048 });
    await server.serve(1, async (msg) => msg);
    const target = { peerId: server.peerId, multiaddrs: server.getMultiaddrs() };
    const err = await client.request(target, 1, 1, message(1, 4096), AbortSignal.timeout(5000)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as NetworkError).type).toMatchObject({ code: "TOO_LARGE", bytes: 4096, max: 2048 });
  });

  it("reports a dial failure as DIAL_FAILED, not a crash", async () => {
    const client = await startNode();
    const ghost = await createNetwork({ dht: false }, { logger: silentLogger(), peerKeySeed: randomBytes(32) });
    const err = await client
      .request({ peerId: ghost.peerId, multiaddrs: ["/ip4/127.0.0.1/tcp/1"] }, 1, 1, message(1), AbortSignal.timeout(5000))
      .catch((e: unknown) => e);
    expect((err as NetworkError).type.code).toBe("DIAL_FAILED");
  });

  it("fails in-flight requests with STREAM_CLOSED when the peer goes away, and aborts on signal", async () => {
    const server = await startNode();
    const client = await startNode();
    await server.serve(1, () => new Promise(() => undefined));
    const target = { peerId: server.peerId, multiaddrs: server.getMultiaddrs() };
    const aborted = client.request(target, 1, 1, message(1), AbortSignal.timeout(200)).catch((e: unknown) => e);
    expect(((await aborted) as NetworkError).type.code).toBe("ABORTED");
    const pending = client.request(target, 1, 2, message(2), AbortSignal.timeout(10_000)).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    await server.stop();
    expect(((await pending) as NetworkError).type.code).toBe("STREAM_CLOSED");
  });

  it("finds a peer's current addresses through the DHT when the given ones are stale", async () => {
    const mk = async (): Promise<Network> => {
      const n = await createNetwork({ dht: true }, { logger: silentLogger(), peerKeySeed: randomBytes(32) });
      await n.start();
      cleanups.push(() => n.stop());
      return n;
    };
    const hub = await mk();
    const miner = await mk();
    const validator = await mk();
    // The DHT serves only the peers a metagraph lists: here all three.
    for (const n of [hub, miner, validator]) n.setKnownPeers("test", [hub.peerId, miner.peerId, validator.peerId]);
    await miner.serve(2, async (msg) => msg);
    // Both join the DHT through the hub (as they would through the metagraph's endpoints);
    // only the hub learns the miner's addresses.
    const hubAddress = { peerId: hub.peerId, multiaddrs: hub.getMultiaddrs() };
    expect(await miner.bootstrap([hubAddress, { peerId: miner.peerId, multiaddrs: miner.getMultiaddrs() }], 8)).toBe(1);
    expect(await validator.bootstrap([hubAddress], 8)).toBe(1);
    expect(validator.connectedPeers()).toEqual([hub.peerId]);
    await new Promise((r) => setTimeout(r, 500));
    const answer = await validator.request(
      { peerId: miner.peerId, multiaddrs: ["/ip4/127.0.0.1/tcp/1"] },
      2,
      7,
      message(7),
      AbortSignal.timeout(10_000),
    );
    expect(peekRequestId(answer)).toBe(7);
  });
});
