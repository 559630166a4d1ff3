import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Metagraph } from "../chain/client/index.js";
import type { Logger } from "../lib/logger.js";
import type { ApiErrorJson, NetworkView } from "./api-types.js";
import { DashboardError, httpStatusOf } from "./errors.js";
import type { ChainFollower } from "./follower.js";
import type { LocalnetKnowledge } from "./interface.js";
import { neuronView, subnetView } from "./views.js";

export interface Assets {
  html: string;
  script: string;
}

/** Pushes to one page: the network view now and after every block or status change. */
const SSE_HEARTBEAT_MS = 15_000;

function parseId(field: string, text: string, max: number): number {
  if (!/^\d{1,5}$/.test(text) || Number(text) > max) {
    throw new DashboardError(
      { code: "BAD_REQUEST", field, reason: `"${text}" is not a ${field} (0..${max})` },
      `${field}: "${text}" is not a ${field} (0..${max})`,
    );
  }
  return Number(text);
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", "cache-control": "no-store" });
  res.end(text);
}

/**
 * The dashboard's HTTP side: the page and its script, JSON under /api, and a Server-Sent Events
 * stream at /api/events. Every failure becomes a JSON error with a code and one line; nothing a
 * request does can throw out of the handler.
 */
export function createDashboardServer(deps: {
  follower: ChainFollower;
  assets: Assets;
  logger: Logger;
  localnet?: LocalnetKnowledge;
}) {
  const { follower, assets, logger: log } = deps;
  const streams = new Set<ServerResponse>();
  // One metagraph read per subnet per block, however many pages ask.
  const cache = new Map<number, { block: number | null; value: Promise<Metagraph | null> }>();

  function metagraph(netuid: number): Promise<Metagraph | null> {
    // While the chain is down nothing is served from the cache: the page must say so, not show stale data.
    const client = follower.client();
    const block = follower.network().block;
    const hit = cache.get(netuid);
    if (hit && hit.block === block) return hit.value;
    const value = client.getMetagraph(netuid, { includeWeights: true });
    cache.set(netuid, { block, value });
    value.catch(() => cache.delete(netuid));
    return value;
  }

  async function mustMetagraph(netuid: number): Promise<Metagraph> {
    let m: Metagraph | null;
    try {
      m = await metagraph(netuid);
    } catch (err) {
      if (err instanceof DashboardError) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      throw new DashboardError(
        { code: "CHAIN_UNAVAILABLE", endpoint: follower.network().chain.endpoint, reason },
        `chain read failed: ${reason}`,
      );
    }
    if (!m) {
      throw new DashboardError(
        { code: "NOT_FOUND", what: `subnet ${netuid}` },
        `subnet ${netuid} does not exist (at block ${follower.network().block ?? "?"})`,
      );
    }
    return m;
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? "/", "http://dashboard").pathname;
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (path === "/" || path === "/index.html") {
      res.writeHead(200, { "content-type": "text/html; charset=utf-8", "cache-control": "no-store" });
      res.end(assets.html);
      return;
    }
    if (path === "/app.js") {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-store" });
      res.end(assets.script);
      return;
    }
    if (path === "/api/network") return sendJson(res, 200, follower.network());
    if (path === "/api/events") return openStream(req, res);
    const parts = path.split("/").filter(Boolean);
    if (parts[0] === "api" && parts[1] === "subnets" && parts[2] !== undefined && parts.length <= 5) {
      const netuid = parseId("netuid", decodeURIComponent(parts[2]), 65535);
      if (parts.length === 3) {
        const m = await mustMetagraph(netuid);
        return sendJson(res, 200, subnetView(m, follower.history(netuid), deps.localnet));
      }
      if (parts[3] === "neurons" && parts[4] !== undefined) {
        const uid = parseId("uid", decodeURIComponent(parts[4]), 65535);
        const m = await mustMetagraph(netuid);
        const hotkey = m.neurons.find((n) => n.uid === uid)?.hotkey;
        const node = hotkey && deps.localnet ? await deps.localnet.nodeStatus(hotkey).catch(() => null) : null;
        const view = neuronView(m, uid, follower.history(netuid), deps.localnet, node);
        if (!view) throw new DashboardError({ code: "NOT_FOUND", what: `uid ${uid}` }, `subnet ${netuid} has no uid ${uid}`);
        return sendJson(res, 200, view);
      }
    }
    throw new DashboardError({ code: "NOT_FOUND", what: path }, `no such page: ${path}`);
  }

  function openStream(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive" });
    const send = (view: NetworkView) => res.write(`event: network\ndata: ${JSON.stringify(view)}\n\n`);
    send(follower.network());
    const off = follower.onUpdate(send);
    const heartbeat = setInterval(() => res.write(": ping\n\n"), SSE_HEARTBEAT_MS);
    streams.add(res);
    const close = () => {
      off();
      clearInterval(heartbeat);
      streams.delete(res);
    };
    req.on("close", close);
    res.on("error", close);
  }

  const server: Server = createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      const known = err instanceof DashboardError;
      const status = known ? httpStatusOf(err) : 500;
      const message = err instanceof Error ? err.message : String(err);
      if (!known) log.warn({ url: req.url, err: message }, "dashboard request failed");
      const body: ApiErrorJson = { error: { code: known ? err.type.code : "INTERNAL", message } };
      if (!res.headersSent) sendJson(res, status, body);
      else res.end();
    });
  });
  server.on("clientError", (_err, socket) => socket.destroy());

  return {
    server,
    /** Ends every open event stream (so `server.close()` does not wait for pages to leave). */
    closeStreams() {
      for (const res of streams) res.end();
      streams.clear();
    },
  };
}
