// Child process of scripts/bench-p2p.ts (not run by hand): hosts the far side of each
// measurement and prints one JSON line describing it on stdout, then serves until killed.
//   server <validatorUri> <validatorPeerId>: raw TCP echo, http keep-alive echo, libp2p echo and
//     the full query protocol (netuid 7: session-key signatures, netuid 9: hotkey signatures)
//   miners <count> <firstIndex> <validatorUri> <validatorPeerId>: `count` miners, each its own
//     libp2p node with the full query protocol
import "../lib/shims.js";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { z } from "zod";
import type { NeuronInfo } from "../chain/client/types.js";
import { signerFromUri } from "../chain/wallet/signer.js";
import { silentLogger } from "../lib/logger.js";
import type { MetagraphView } from "../node/metagraph/index.js";
import { createNetwork, createQueryServer, type Network } from "../node/network/index.js";
import { createStore, NonceRepository } from "../node/store/index.js";

export const BENCH_NETUID = 7;
export const benchRequestSchema = z.object({ pad: z.string() }).strict();
export const benchResponseSchema = z.object({ pad: z.string() }).strict();

const [mode, ...args] = process.argv.slice(2);
const logger = silentLogger();
const dir = mkdtempSync(join(tmpdir(), "mesh-bench-"));
const store = createStore({ path: join(dir, "store") }, { logger });
await store.start();
const networks: Network[] = [];

/** The validator as every miner here sees it: registered, with a permit, bound to its peer id. */
function staticMetagraph(validatorAddress: string, validatorPeerId: string): MetagraphView {
  const neuron = {
    uid: 0,
    hotkey: validatorAddress,
    coldkey: validatorAddress,
    endpoint: { peerId: validatorPeerId, multiaddrs: [], version: 1, protocol: 0, block: 1 },
    validatorPermit: true,
    stake: 1_000_000_000_000n,
  } as unknown as NeuronInfo;
  return {
    netuid: BENCH_NETUID,
    current: () => null,
    byHotkey: (h) => (h === validatorAddress ? neuron : null),
    byPeerId: (p) => (p === validatorPeerId ? neuron : null),
    refresh: async () => null,
    onUpdate: () => () => undefined,
    start: async () => undefined,
    stop: async () => undefined,
  };
}

async function startMiner(index: number, validatorAddress: string, validatorPeerId: string, withRawEcho: boolean) {
  const signer = await signerFromUri(`//BenchMiner${index}`);
  const network = await createNetwork(
    { dht: false, allow: ["127.0.0.1"], maxMessageBytes: 4 * 1024 * 1024 },
    { logger, peerKeySeed: randomBytes(32) },
  );
  await network.start();
  // The validator is in this miner's metagraph: not a stranger (no connection cap, never reaped).
  network.setKnownPeers("bench", [validatorPeerId]);
  networks.push(network);
  // BENCH_NETUID answers signed by a session key (the default), BENCH_NETUID + 2 by the hotkey
  // itself, so one run compares the two schemes over the same connections.
  for (const [netuid, signing] of [
    [BENCH_NETUID, "session"],
    [BENCH_NETUID + 2, "hotkey"],
  ] as const) {
    const server = createQueryServer(
      {
        netuid,
        minStake: 0n,
        rateLimit: { perSecond: 1e9, burst: 1e9 },
        maxConcurrent: 1024,
        maxQueued: 4096,
        handlerTimeoutMs: 10_000,
        signing,
      },
      {
        signer,
        metagraph: staticMetagraph(validatorAddress, validatorPeerId),
        nonces: new NonceRepository(store, 10_000_000n, `m${index}/${netuid}/`),
        requestSchema: benchRequestSchema,
        responseSchema: benchResponseSchema,
        handler: {
          handle: async (req) => ({ pad: (req as { pad: string }).pad.length > 4096 ? (req as { pad: string }).pad : "" }),
          close: async () => undefined,
        },
        metrics: null,
        logger,
      },
    );
    await network.serve(netuid, server.handle, { maxMessageBytesFor: server.maxMessageBytesFor });
  }
  // netuid+1: the bare transport (frames echoed, no signing or decoding) for the raw comparison.
  if (withRawEcho) await network.serve(BENCH_NETUID + 1, async (message) => message);
  // netuid+3: the bare transport shaped like a query (the answer is the first 96 bytes of the
  // request: its header), the baseline of the fan-out without signing, decoding or checks.
  await network.serve(BENCH_NETUID + 3, async (message) => message.subarray(0, Math.min(96, message.byteLength)));
  return { index, hotkey: signer.address, peerId: network.peerId, multiaddrs: network.getMultiaddrs() };
}

async function startTcpEcho(): Promise<number> {
  const server = createTcpServer((socket) => {
    socket.setNoDelay(true);
    let buffered = Buffer.alloc(0);
    socket.on("data", (chunk) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      // Echo whole length-prefixed messages back as they complete.
      let offset = 0;
      while (buffered.length - offset >= 4) {
        const length = buffered.readUInt32BE(offset);
        if (buffered.length - offset < 4 + length) break;
        socket.write(buffered.subarray(offset, offset + 4 + length));
        offset += 4 + length;
      }
      buffered = buffered.subarray(offset);
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

async function startHttpEcho(): Promise<number> {
  const server = createHttpServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      res.writeHead(200, { "content-type": "application/octet-stream", "content-length": body.length });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return (server.address() as { port: number }).port;
}

const shutdown = async () => {
  await Promise.allSettled(networks.map((n) => n.stop()));
  await store.stop();
  rmSync(dir, { recursive: true, force: true });
  process.exit(0);
};
process.on("SIGTERM", () => void shutdown());
process.on("SIGINT", () => void shutdown());
// The parent's death (even a SIGKILL) closes our stdin: leave with it, never linger.
process.stdin.on("close", () => void shutdown());
process.stdin.resume();

if (mode === "server") {
  const [uri, peerId] = args as [string, string];
  const validator = await signerFromUri(uri);
  const miner = await startMiner(0, validator.address, peerId, true);
  const tcpPort = await startTcpEcho();
  const httpPort = await startHttpEcho();
  process.stdout.write(`${JSON.stringify({ miner, tcpPort, httpPort })}\n`);
} else if (mode === "miners") {
  const [count, first, uri, peerId] = args as [string, string, string, string];
  const validator = await signerFromUri(uri);
  const miners = [];
  for (let i = 0; i < Number(count); i++) miners.push(await startMiner(Number(first) + i, validator.address, peerId, false));
  process.stdout.write(`${JSON.stringify({ miners })}\n`);
} else {
  process.stderr.write(`bench-p2p-peer: unknown mode "${mode}"\n`);
  await shutdown();
}
