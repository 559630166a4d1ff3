import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Logger } from "../../lib/logger.js";
import type { Metrics } from "./interface.js";

export interface StatusServerOptions {
  /** 127.0.0.1 unless the operator says otherwise. */
  host: string;
  /** 0 picks a free port. */
  port: number;
}

/** `/health` (JSON from `health()`, 503 when not ok) and `/metrics` (Prometheus) over plain HTTP. */
export interface StatusServer {
  start(): Promise<void>;
  stop(): Promise<void>;
  /** http://host:port once started. */
  url(): string;
}

export function createStatusServer(
  options: StatusServerOptions,
  deps: { metrics: Metrics | null; health: () => { ok: boolean } & Record<string, unknown>; logger: Logger },
): StatusServer {
  let server: Server | null = null;
  return {
    async start() {
      const s = createServer((req, res) => {
        void (async () => {
          try {
            if (req.url === "/health") {
              const health = deps.health();
              res.writeHead(health.ok ? 200 : 503, { "content-type": "application/json" });
              res.end(JSON.stringify(health, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)));
            } else if (req.url === "/metrics" && deps.metrics !== null) {
              const body = await deps.metrics.render();
              res.writeHead(200, { "content-type": deps.metrics.contentType });
              res.end(body);
            } else {
              res.writeHead(404).end();
            }
          } catch (err) {
            deps.logger.error({ err }, "status request failed");
            if (!res.headersSent) res.writeHead(500);
            res.end();
          }
        })();
      });
      await new Promise<void>((resolve, reject) => {
        s.once("error", reject);
        s.listen(options.port, options.host, () => resolve());
      });
      server = s;
      deps.logger.info({ url: this.url() }, "health and metrics served");
    },
    async stop() {
      if (server === null) return;
      const s = server;
      server = null;
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    },
    url() {
      const address = server?.address() as AddressInfo | null | undefined;
      return address ? `http://${options.host}:${address.port}` : "";
    },
  };
}
