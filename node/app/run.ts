import type { Logger } from "../../lib/logger.js";
import type { NodeConfig } from "../config/index.js";
import { createNodeApp, type NodeAppDeps, type NodeRole } from "./app.js";
import { watchParent } from "./parent-watch.js";

/**
 * Runs a node until SIGINT/SIGTERM (or until the supervisor that started it is gone, see parent-watch.ts): stop accepting, finish or cancel in-flight work, close the
 * store. A second signal while stopping exits at once.
 */
export async function runNode(config: NodeConfig, role: NodeRole, deps: NodeAppDeps & { logger: Logger }): Promise<void> {
  const app = createNodeApp(config, role, deps);
  await app.start();
  await new Promise<void>((resolve) => {
    let signalled = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (signalled) {
        deps.logger.warn({ signal }, "second signal: exiting now");
        process.exit(130);
      }
      signalled = true;
      deps.logger.info({ signal }, "shutting down");
      void app.stop().finally(() => {
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
        resolve();
      });
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    const unwatch = watchParent(() => {
      deps.logger.warn("the supervisor that started this node is gone: shutting down");
      onSignal("SIGTERM");
    });
    process.once("exit", unwatch);
  });
}
