import { randomBytes } from "node:crypto";
import { peerIdFromPrivateKey } from "@libp2p/peer-id";
import { multiaddr } from "@multiformats/multiaddr";
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../lib/logger.js";
import { privateKeyFromSeed } from "./keys.js";
import { createPeerGuard } from "./peer-guard.js";

const options = { maxAddrsPerPeer: 16, dhtMessagesPerSecond: 10, dhtBurst: 50 };

describe("peer guard", () => {
  it("keeps at most maxAddrsPerPeer addresses per peer, whoever announces them", async () => {
    const guard = createPeerGuard(options, silentLogger());
    const peer = peerIdFromPrivateKey(await privateKeyFromSeed(randomBytes(32)));
    const other = peerIdFromPrivateKey(await privateKeyFromSeed(randomBytes(32)));
    const addrs = Array.from({ length: 20 }, (_, i) => multiaddr(`/ip4/10.0.0.${i + 1}/tcp/4001`));
    const kept: boolean[] = [];
    for (const a of addrs) kept.push(await guard.addressFilter(peer, a));
    expect(kept.filter(Boolean)).toHaveLength(16);
    // An address already kept stays allowed (re-announcing is not growth); other peers are separate.
    expect(await guard.addressFilter(peer, addrs[0] ?? multiaddr("/ip4/10.0.0.1/tcp/4001"))).toBe(true);
    expect(await guard.addressFilter(other, addrs[19] ?? multiaddr("/ip4/10.0.0.20/tcp/4001"))).toBe(true);
    expect(guard.stats().addrsDropped).toBe(4);
  });

  it("knows the union of its sources, and a source's update replaces its own set", () => {
    const guard = createPeerGuard(options, silentLogger());
    expect(guard.setKnown("subnet 1", ["a", "b"])).toEqual(["a", "b"]);
    expect(guard.setKnown("subnet 2", ["b", "c"])).toEqual(["c"]);
    guard.setKnown("subnet 1", []);
    expect(["a", "b", "c"].map(guard.isKnown)).toEqual([false, true, true]);
  });
});
