/**
 * Benchmark: time `getMetagraph` (one SubnetsApi runtime call + conversion to plain TS) for a
 * 256-uid subnet on the embedded dev chain. Prints median and p90 over READS reads.
 *   npx tsx scripts/bench-metagraph.ts [--uids 256] [--reads 20]
 */
import "../lib/shims.js";
import { performance } from "node:perf_hooks";
import { createChainClient } from "../chain/client/index.js";
import type { TxOptions } from "../chain/client/types.js";
import { createDevChain } from "../chain/devchain/index.js";
import { signerFromUri } from "../chain/wallet/index.js";
import { emitBenchResult } from "./bench/report.js";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${name}: must be a positive integer`);
  return v;
}

const UIDS = arg("--uids", 256);
const READS = arg("--reads", 20);

function quantile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] as number;
}

async function main(): Promise<void> {
  const chain = createDevChain({ port: 0, mode: "manual" });
  await chain.start();
  const client = createChainClient({ endpoint: chain.endpoint });
  try {
    await client.connect();
    const alice = await signerFromUri("//Alice");

    // Submit, wait for pool acceptance, then build blocks until every submission settled (bounded).
    const settle = async <T>(submits: Array<(o: TxOptions) => Promise<T>>): Promise<PromiseSettledResult<T>[]> => {
      const accepted: Promise<void>[] = [];
      const all = submits.map((s) => {
        let ok!: () => void;
        accepted.push(new Promise<void>((r) => (ok = r)));
        return s({ onSubmitted: ok });
      });
      await Promise.all(accepted.map((a, i) => Promise.race([a, (all[i] as Promise<T>).catch(() => undefined)])));
      let done = false;
      const results = Promise.allSettled(all).then((r) => {
        done = true;
        return r;
      });
      for (let i = 0; i < 50 && !done; i++) {
        await chain.newBlock();
        await new Promise((r) => setTimeout(r, 20));
      }
      return results;
    };

    const [net] = await settle([(o) => client.registerNetwork(alice, o)]);
    if (net?.status !== "fulfilled") throw new Error(`register_network failed: ${String((net as PromiseRejectedResult).reason)}`);
    const netuid = net.value.netuid;
    for (const [name, value] of [
      ["maxAllowedUids", UIDS],
      ["maxRegistrationsPerBlock", UIDS],
      ["targetRegistrationsPerInterval", UIDS],
    ] as const) {
      const [r] = await settle([(o) => client.setHyperparameter(alice, netuid, name, value, o)]);
      if (r?.status !== "fulfilled") throw new Error(`set ${name} failed: ${String((r as PromiseRejectedResult).reason)}`);
    }
    const hotkeys = await Promise.all(Array.from({ length: UIDS }, (_, i) => signerFromUri(`//bench/${i}`)));
    const t0 = performance.now();
    const regs = await settle(hotkeys.map((hk) => (o: TxOptions) => client.burnedRegister(alice, netuid, hk.address, o)));
    const failed = regs.filter((r) => r.status === "rejected");
    const regMs = performance.now() - t0;
    if (failed.length > 0)
      console.log(
        `warning: ${failed.length} registrations failed, first: ${String((failed[0] as PromiseRejectedResult).reason)}`,
      );

    const first = await client.getMetagraph(netuid);
    const n = first?.neurons.length ?? 0;
    const times: number[] = [];
    for (let i = 0; i < READS; i++) {
      const s = performance.now();
      await client.getMetagraph(netuid);
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    // The same runtime call as raw JSON-RPC over HTTP (no decoding): what the chain side costs.
    const args = `0x${Buffer.from([netuid & 0xff, netuid >> 8, 0]).toString("hex")}`;
    const http = chain.endpoint.replace("ws://", "http://");
    const rawTimes: number[] = [];
    let rawBytes = 0;
    for (let i = 0; i < READS; i++) {
      const s = performance.now();
      const res = await fetch(http, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: i, method: "state_call", params: ["SubnetsApi_get_metagraph", args] }),
      });
      const body = (await res.json()) as { result?: string };
      rawBytes = ((body.result ?? "0x").length - 2) / 2;
      rawTimes.push(performance.now() - s);
    }
    rawTimes.sort((a, b) => a - b);
    const wTimes: number[] = [];
    for (let i = 0; i < READS; i++) {
      const s = performance.now();
      await client.getMetagraph(netuid, { includeWeights: true });
      wTimes.push(performance.now() - s);
    }
    wTimes.sort((a, b) => a - b);
    console.log(
      `registered ${n} uids on subnet ${netuid} in ${(regMs / 1000).toFixed(1)} s (${UIDS} burned_register from one key)`,
    );
    console.log(
      `getMetagraph(${n} uids): median ${quantile(times, 0.5).toFixed(1)} ms, p90 ${quantile(times, 0.9).toFixed(1)} ms over ${READS} reads`,
    );
    console.log(
      `getMetagraph(${n} uids, includeWeights): median ${quantile(wTimes, 0.5).toFixed(1)} ms, p90 ${quantile(wTimes, 0.9).toFixed(1)} ms`,
    );
    console.log(
      `raw state_call SubnetsApi_get_metagraph (${rawBytes} bytes SCALE): median ${quantile(rawTimes, 0.5).toFixed(1)} ms, p90 ${quantile(rawTimes, 0.9).toFixed(1)} ms`,
    );
    console.log(
      `client-side share (decode + conversion): ${(1 - quantile(rawTimes, 0.5) / quantile(times, 0.5)).toFixed(2)} of the median`,
    );
    console.log(`ratio median / 1 s budget: ${(quantile(times, 0.5) / 1000).toFixed(3)}`);
    const budget = (value: number) => ({ name: "1 s budget", value: 1000, ratio: value / 1000, target: "< 1" });
    const raw = quantile(rawTimes, 0.5);
    emitBenchResult({
      suite: "metagraph",
      notes: [`${n} uids registered in ${(regMs / 1000).toFixed(1)} s from one key`],
      figures: [
        {
          name: `getMetagraph ${n} uids, median`,
          value: quantile(times, 0.5),
          unit: "ms",
          repeats: READS,
          comparedWith: budget(quantile(times, 0.5)),
        },
        { name: `getMetagraph ${n} uids, p90`, value: quantile(times, 0.9), unit: "ms", repeats: READS },
        {
          name: `getMetagraph ${n} uids with weights, median`,
          value: quantile(wTimes, 0.5),
          unit: "ms",
          repeats: READS,
          comparedWith: budget(quantile(wTimes, 0.5)),
        },
        {
          name: "raw state_call SubnetsApi_get_metagraph, median",
          value: raw,
          unit: "ms",
          repeats: READS,
          comparedWith: { name: "getMetagraph (client)", value: quantile(times, 0.5), ratio: raw / quantile(times, 0.5) },
        },
      ],
    });
  } finally {
    await client.close();
    await chain.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(`bench-metagraph: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
