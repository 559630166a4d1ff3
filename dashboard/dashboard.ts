import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { NetworkView } from "./api-types.js";
import { bundleWebApp } from "./bundle.js";
import { DashboardError } from "./errors.js";
import { type ChainFollower, createChainFollower } from "./follower.js";
import type { Dashboard, DashboardDeps } from "./interface.js";
import { type DashboardOptions, parseDashboardOptions } from "./options.js";
import { PAGE_HTML } from "./page.js";
import { createDashboardServer } from "./server.js";

/**
 * Composition root of the dashboard: the page bundle, then the HTTP server (listening, so a
 * bad port fails before anything else runs), then the chain follower. Stopped in reverse. The
 * server starts even when the chain is unreachable: the page shows that and recovers with it.
 */
export function createDashboard(input: DashboardOptions, deps: DashboardDeps): Dashboard {
  const options = parseDashboardOptions(input);
  const log = deps.logger;
  let follower: ChainFollower | null = null;
  let http: ReturnType<typeof createDashboardServer> | null = null;
  let address: AddressInfo | null = null;
  const stops: Array<() => Promise<void>> = [];

  async function listen(server: Server): Promise<AddressInfo> {
    return new Promise((resolve, reject) => {
      const onError = (err: NodeJS.ErrnoException) =>
        reject(
          new DashboardError(
            { code: "LISTEN_FAILED", host: options.host, port: options.port, reason: err.code ?? err.message },
            `dashboard cannot listen on ${options.host}:${options.port}: ${err.code === "EADDRINUSE" ? "the port is in use (try --port)" : err.message}`,
          ),
        );
      server.once("error", onError);
      server.listen(options.port, options.host, () => {
        server.off("error", onError);
        resolve(server.address() as AddressInfo);
      });
    });
  }

  async function stop(): Promise<void> {
    for (const fn of stops.splice(0).reverse()) {
      try {
        await fn();
      } catch (err) {
        log.warn({ err: err instanceof Error ? err.message : String(err) }, "dashboard stop step failed");
      }
    }
  }

  return {
    get url() {
      if (!address) throw new DashboardError({ code: "NOT_FOUND", what: "url" }, "dashboard not started");
      const host = address.family === "IPv6" ? `[${address.address}]` : address.address;
      return `http://${host}:${address.port}/`;
    },
    network(): NetworkView {
      if (!follower) throw new DashboardError({ code: "NOT_FOUND", what: "network" }, "dashboard not started");
      return follower.network();
    },
    async start() {
      try {
        const script = await bundleWebApp();
        follower = createChainFollower(options, deps);
        http = createDashboardServer({ follower, assets: { html: PAGE_HTML, script }, logger: log, localnet: deps.localnet });
        const server = http.server;
        address = await listen(server);
        stops.push(
          () =>
            new Promise<void>((resolve) => {
              http?.closeStreams();
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        );
        follower.start();
        stops.push(() => follower!.stop());
        log.info({ url: this.url, chain: options.chain }, "dashboard listening");
      } catch (err) {
        await stop();
        throw err;
      }
    },
    stop,
  };
}
