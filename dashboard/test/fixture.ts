/**
 * What the dashboard's end-to-end tests share: a dev chain in manual block mode with a subnet
 * built through the real client (a validator with stake and a permit, two miners, one served
 * endpoint, weights set), and a TCP relay in front of the chain that a test can cut and restore
 * to play a chain that goes away and comes back.
 */
import { createServer, type Server, type Socket, connect as tcpConnect } from "node:net";
import { type ChainClient, createChainClient, type PolkadotChainClient } from "../../chain/client/index.js";
import { blocksUntilEpoch, included, includedAll } from "../../chain/client/test/helpers.js";
import { createDevChain, type DevChain } from "../../chain/devchain/index.js";
import { signerFromUri } from "../../chain/wallet/index.js";

const TOKEN = 1_000_000_000n;

export interface TestNet {
  devchain: DevChain;
  client: PolkadotChainClient;
  netuid: number;
  tempo: number;
  hotkeys: { validator: string; miner1: string; miner2: string };
  peerId: string;
  /** Build blocks through the next epoch block of the subnet; returns that block. */
  runEpoch(): Promise<number>;
  setWeights(values: [number, number]): Promise<void>;
  close(): Promise<void>;
}

export async function startTestNet(): Promise<TestNet> {
  const devchain = createDevChain({ port: 0, mode: "manual" });
  await devchain.start();
  const client = createChainClient({ endpoint: devchain.endpoint });
  try {
    await client.connect();
    const [alice, bob, charlie, dave, eve, ferdie] = await Promise.all(
      ["//Alice", "//Bob", "//Charlie", "//Dave", "//Eve", "//Ferdie"].map((u) => signerFromUri(u)),
    );
    const { netuid } = await included(devchain, (o) => client.registerNetwork(alice!, o));
    await includedAll(devchain, [
      (o) => client.burnedRegister(bob!, netuid, dave!.address, o),
      (o) => client.burnedRegister(charlie!, netuid, eve!.address, o),
      (o) => client.burnedRegister(charlie!, netuid, ferdie!.address, o),
    ]);
    const peerId = "12D3KooWGzbQ5fWJd4R4wxE9ZkY4mrsdc8PA1fR4J1Q1nZzVbL6H";
    await included(devchain, (o) =>
      client.serveAxon(eve!, netuid, { peerId, multiaddrs: ["/ip4/127.0.0.1/tcp/4001"], version: 1, protocol: 0 }, o),
    );
    await included(devchain, (o) => client.addStake(bob!, dave!.address, 1000n * TOKEN, o));
    const tempo = (await client.getMetagraph(netuid))!.hyperparameters.tempo;
    const runEpoch = async () => {
      await devchain.newBlock(blocksUntilEpoch(devchain.bestBlock(), netuid, tempo));
      return devchain.bestBlock();
    };
    await runEpoch(); // the validator gets its permit
    const uidOf = async (hk: string) => (await client.getMetagraph(netuid))!.neurons.find((n) => n.hotkey === hk)!.uid;
    const [m1, m2] = [await uidOf(eve!.address), await uidOf(ferdie!.address)];
    const setWeights = async (values: [number, number]) => {
      await included(devchain, (o) => client.setWeights(dave!, netuid, [m1, m2], values, 0n, o));
    };
    return {
      devchain,
      client,
      netuid,
      tempo,
      hotkeys: { validator: dave!.address, miner1: eve!.address, miner2: ferdie!.address },
      peerId,
      runEpoch,
      setWeights,
      async close() {
        await client.close();
        await devchain.stop();
      },
    };
  } catch (err) {
    await client.close();
    await devchain.stop();
    throw err;
  }
}

/** A TCP relay on 127.0.0.1 to `target`; `cut()` closes it and every connection, `restore()` listens again on the same port. */
export interface Relay {
  readonly endpoint: string;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startRelay(targetEndpoint: string): Promise<Relay> {
  const target = new URL(targetEndpoint);
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      const s = createServer((inbound) => {
        const outbound = tcpConnect(Number(target.port), target.hostname);
        for (const sock of [inbound, outbound]) {
          sockets.add(sock);
          sock.on("close", () => sockets.delete(sock));
          sock.on("error", () => {
            inbound.destroy();
            outbound.destroy();
          });
        }
        inbound.pipe(outbound).pipe(inbound);
      });
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => {
        port = (s.address() as { port: number }).port;
        server = s;
        resolve();
      });
    });
  const cut = async () => {
    const s = server;
    server = null;
    for (const sock of sockets) sock.destroy();
    sockets.clear();
    if (s) await new Promise<void>((r) => s.close(() => r()));
  };
  await listen();
  return {
    endpoint: `ws://127.0.0.1:${port}`,
    cut,
    restore: listen,
    close: cut,
  };
}

/** Polls `check` every 50 ms until it returns a value other than undefined; bounded by `ms`. */
export async function until<T>(what: string, check: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export type { ChainClient };
