import type { ChainNode } from "../../chain/devchain/index.js";

async function call<T>(node: ChainNode, method: string, params: unknown[] = []): Promise<T> {
  const res = await fetch(`http://${node.address}:${node.rpcPort}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    signal: AbortSignal.timeout(10_000),
  });
  const body = (await res.json()) as { result?: T; error?: { message: string } };
  if (body.error) throw new Error(`${node.name} ${method}: ${body.error.message}`);
  return body.result as T;
}

/** The finalized block number a node reports. */
export async function finalizedOn(node: ChainNode): Promise<number> {
  const hash = await call<string>(node, "chain_getFinalizedHead");
  const header = await call<{ number: string }>(node, "chain_getHeader", [hash]);
  return Number.parseInt(header.number, 16);
}

/**
 * Waits (bounded: 40 slots of 6 s) until every node has finalized at least `target`; returns the
 * lowest finalized number among them. Fails naming the node that lags.
 */
export async function waitForFinality(nodes: readonly ChainNode[], target: number, timeoutMs = 240_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let seen: Array<[string, number | string]> = [];
  while (Date.now() < deadline) {
    seen = await Promise.all(
      nodes.map(async (n): Promise<[string, number | string]> => [n.name, await finalizedOn(n).catch((e: Error) => e.message)]),
    );
    const numbers = seen.map(([, v]) => (typeof v === "number" ? v : -1));
    if (numbers.every((v) => v >= target)) return Math.min(...numbers);
    await new Promise((r) => setTimeout(r, 1_000));
  }
  throw new Error(`finality did not reach #${target} on every node within ${timeoutMs} ms: ${JSON.stringify(seen)}`);
}
