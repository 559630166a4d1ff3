import { type ChildProcess, spawn } from "node:child_process";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { type KeyringSigner, signerFromUri } from "../../chain/wallet/signer.js";
import type { SubnetDefinition } from "../../subnets/sdk/interface.js";
import { echoSumSubnet } from "../node/fixtures/echo-sum.js";
import { Cleanup, startTestDendrite, startTestMiner, tempDir } from "../node/harness.js";
import { FileChain, readTxLog, writeChainFile } from "./fixtures/file-chain.js";

// kill -9 of real node processes (node/app over a chain view shared through files): a miner
// killed mid-query, and a validator killed again and again mid-epoch. Bounded: a few cycles each.
const NETUID = 1;
const TOKEN = 1_000_000_000n;
const RATE_LIMIT = 10;
const cleanup = new Cleanup();
afterEach(() => cleanup.run());
let alice: KeyringSigner;
let bob: KeyringSigner;
beforeAll(async () => {
  alice = await signerFromUri("//Alice");
  bob = await signerFromUri("//Bob");
});
const honest = echoSumSubnet("honest") as SubnetDefinition<unknown, unknown>;

interface Started {
  child: ChildProcess;
  info: { pid: number; peerId: string; addrs: string[]; scores: number[] | null };
}

/** Starts test/reliability/fixtures/node-proc.ts; resolves when it printed its ready line. */
async function spawnNode(role: string, uri: string, dataDir: string, chainDir: string, env: Record<string, string> = {}) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "test/reliability/fixtures/node-proc.ts", role, uri, dataDir, chainDir],
    {
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  cleanup.add(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  return new Promise<Started>((resolve, reject) => {
    let out = "";
    const timer = setTimeout(() => reject(new Error(`${role} did not start within 30 s: ${stderr}`)), 30_000);
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n").find((l) => l.startsWith("{"));
      if (line !== undefined && out.includes("\n")) {
        clearTimeout(timer);
        resolve({ child, info: JSON.parse(line) });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${role} exited with ${code} before it was ready: ${stderr}`));
    });
  });
}

async function kill9(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGKILL");
  await exited;
}

/** A chain directory with Alice (validator) and Bob (miner), its block advanced every 100 ms. */
function chainDir(): { dir: string } {
  const dir = tempDir(cleanup, "mesh-kill-chain-");
  const state = {
    block: 1,
    weightsRateLimit: RATE_LIMIT,
    neurons: [
      { hotkey: alice.address, stake: 1000n * TOKEN, validatorPermit: true },
      { hotkey: bob.address, stake: 0n },
    ],
  };
  writeChainFile(dir, state);
  const timer = setInterval(() => {
    state.block += 1;
    writeChainFile(dir, state);
  }, 100);
  cleanup.add(() => clearInterval(timer));
  return { dir };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("kill -9", () => {
  it("a miner killed mid-query fails the validator's query at once, and its restart is reached at its new address", async () => {
    const { dir } = chainDir();
    const chain = new FileChain(dir, NETUID);
    const { dendrite } = await startTestDendrite(cleanup, {
      chain: chain.asClient(),
      signer: alice,
      subnet: honest,
      netuid: NETUID,
    });
    const minerDir = tempDir(cleanup);
    const slow = await spawnNode("miner", "//Bob", minerDir, dir, { MINER_MODE: "slow" });
    const target = { uid: 1, hotkey: bob.address, peer: { peerId: slow.info.peerId, multiaddrs: slow.info.addrs } };
    const query = dendrite.query([{ target, request: { numbers: [1, 2] } }], 20_000);
    await sleep(500); // the request is now in the miner's handler
    await kill9(slow.child);
    const [outcome] = await query;
    if (process.env.RELIABILITY_REPORT) console.log(JSON.stringify({ killedMidQuery: outcome }));
    // "connection": it failed when the connection died, not at the 20 s deadline ("timeout").
    expect(outcome).toMatchObject({ ok: false, reason: "connection" });

    // Same data dir: same libp2p key, so the same peer id; a new port, announced on chain.
    const again = await spawnNode("miner", "//Bob", minerDir, dir);
    expect(again.info.peerId).toBe(slow.info.peerId);
    const served = readTxLog(dir).filter((t) => t.t === "serve" && t.hotkey === bob.address);
    const latest = served[served.length - 1];
    expect(latest?.t === "serve" && latest.endpoint.multiaddrs).toEqual(again.info.addrs);
    expect(again.info.addrs).not.toEqual(slow.info.addrs);
    const moved = { ...target, peer: { peerId: again.info.peerId, multiaddrs: again.info.addrs } };
    const [answer] = await dendrite.query([{ target: moved, request: { numbers: [1, 2] } }], 5_000);
    expect(answer).toMatchObject({ ok: true, response: { sum: 3 } });
  }, 90_000);

  it("a validator killed mid-epoch resumes its scores from level and never sets weights twice within the rate limit", async () => {
    const { dir } = chainDir();
    const chain = new FileChain(dir, NETUID);
    await startTestMiner(cleanup, { chain: chain.asClient(), signer: bob, subnet: honest, netuid: NETUID });
    const validatorDir = tempDir(cleanup);
    const cycles = 4;
    const resumed: Array<number[] | null> = [];
    for (let cycle = 0; cycle < cycles; cycle++) {
      const validator = await spawnNode("validator", "//Alice", validatorDir, dir);
      resumed.push(validator.info.scores);
      // Killed at a different point of its loop each time (query, save, set weights).
      await sleep(1_500 + cycle * 450);
      await kill9(validator.child);
    }
    // Every restart opened the store a kill -9 left behind, and found the scores saved before it.
    expect(resumed[0]).toEqual([]);
    for (const scores of resumed.slice(1)) expect(scores).toEqual([1]);
    const sets = readTxLog(dir)
      .filter((t) => t.t === "weights" && t.hotkey === alice.address)
      .map((t) => t.block);
    if (process.env.RELIABILITY_REPORT) console.log(JSON.stringify({ weightBlocks: sets, resumed }));
    expect(sets.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < sets.length; i++) expect((sets[i] ?? 0) - (sets[i - 1] ?? 0)).toBeGreaterThanOrEqual(RATE_LIMIT);
  }, 120_000);
});
