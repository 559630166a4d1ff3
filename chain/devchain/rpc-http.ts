/**
 * A few JSON-RPC calls over HTTP, for starting and driving a node process. The chain client
 * (chain/client) is the only code that speaks @polkadot/api; the engine only needs block numbers
 * and the sealing calls, which plain POSTs answer without a websocket.
 */
export class RpcCallError extends Error {
  constructor(
    readonly method: string,
    readonly reason: string,
  ) {
    super(`${method}: ${reason}`);
  }
}

export async function rpcCall<T>(httpEndpoint: string, method: string, params: unknown[] = [], timeoutMs = 10_000): Promise<T> {
  let res: Response;
  try {
    res = await fetch(httpEndpoint, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new RpcCallError(method, err instanceof Error ? err.message : String(err));
  }
  const body = (await res.json().catch(() => null)) as { result?: T; error?: { message?: string } } | null;
  if (!body) throw new RpcCallError(method, `HTTP ${res.status} without a JSON body`);
  if (body.error) throw new RpcCallError(method, body.error.message ?? JSON.stringify(body.error));
  return body.result as T;
}

export async function headerNumber(httpEndpoint: string, hash?: string): Promise<number> {
  const header = await rpcCall<{ number: string } | null>(httpEndpoint, "chain_getHeader", hash ? [hash] : []);
  if (!header) throw new RpcCallError("chain_getHeader", `no header for ${hash ?? "best"}`);
  return Number.parseInt(header.number, 16);
}

export async function finalizedNumber(httpEndpoint: string): Promise<number> {
  const hash = await rpcCall<string>(httpEndpoint, "chain_getFinalizedHead");
  return headerNumber(httpEndpoint, hash);
}
