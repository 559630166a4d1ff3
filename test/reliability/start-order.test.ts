import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type KeyringSigner, signerFromUri } from "../../chain/wallet/signer.js";
import { errorMessage } from "../../lib/errors.js";
import { AppError } from "../../node/app/errors.js";
import { startApp } from "../node/apps.js";
import { FakeChain } from "../node/fixtures/fake-chain.js";
import { Cleanup, tempDir } from "../node/harness.js";

// Issue 14, cases 5 and 7: a second start of a miner's hotkey (another data dir) whose status port
// is busy called serve_axon, pointing the chain at a node that then failed with EADDRINUSE, and a
// libp2p port in use said "Some configured addresses failed to be listened on" without the port or
// the config key. Now the ports are bound before serve_axon, and each error names its key.
const cleanup = new Cleanup();
afterEach(() => cleanup.run());
let alice: KeyringSigner;
let bob: KeyringSigner;
beforeAll(async () => {
  alice = await signerFromUri("//Alice");
  bob = await signerFromUri("//Bob");
});

describe("a second start of the same hotkey", () => {
  it("fails on a busy status port before announcing, naming status.port; the chain still points at the running node", async () => {
    const chain = new FakeChain(1);
    chain.register({ hotkey: alice.address, stake: 1000n, validatorPermit: true });
    const uid = chain.register({ hotkey: bob.address });
    const first = await startApp(cleanup, {
      role: "miner",
      chain,
      signer: bob,
      dataDir: tempDir(cleanup),
      subnet: "echo-honest",
    });
    expect(chain.neurons[uid]?.endpoint?.peerId).toBe(first.network.peerId);
    const port = Number(new URL(first.statusUrl).port);

    const second = startApp(cleanup, {
      role: "miner",
      chain,
      signer: bob,
      dataDir: tempDir(cleanup),
      subnet: "echo-honest",
      extra: { status: { enabled: true, host: "127.0.0.1", port } },
    });
    const err = await second.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).type).toMatchObject({ code: "PORT_IN_USE", key: "status.port", address: `127.0.0.1:${port}` });
    expect(errorMessage(err)).toContain("status.port");
    expect(chain.neurons[uid]?.endpoint?.peerId).toBe(first.network.peerId);
  }, 60_000);

  it("names network.listen and the address when the libp2p port is taken", async () => {
    const chain = new FakeChain(1);
    chain.register({ hotkey: bob.address });
    const first = await startApp(cleanup, {
      role: "miner",
      chain,
      signer: bob,
      dataDir: tempDir(cleanup),
      subnet: "echo-honest",
    });
    const taken = first.network.getMultiaddrs()[0]?.split("/p2p/")[0] ?? "";
    const err = await startApp(cleanup, {
      role: "miner",
      chain,
      signer: bob,
      dataDir: tempDir(cleanup),
      subnet: "echo-honest",
      extra: { network: { dht: false, listen: [taken] } },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).type).toMatchObject({ code: "PORT_IN_USE", key: "network.listen", address: taken });
    expect(chain.neurons[0]?.endpoint?.peerId).toBe(first.network.peerId);
  }, 60_000);
});
