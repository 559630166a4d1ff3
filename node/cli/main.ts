import "../../lib/shims.js";
import { createChainClient } from "../../chain/client/index.js";
import type { CliDeps } from "./context.js";
import { runCli } from "./program.js";
import { promptHidden } from "./prompt.js";

const deps: CliDeps = {
  io: {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    ...(process.stdin.isTTY ? { promptSecret: promptHidden } : {}),
  },
  createClient: (endpoint) => createChainClient({ endpoint, connectTimeoutMs: 5000 }),
};

const code = await runCli(process.argv.slice(2), deps);
process.exitCode = code;
// Some libraries keep handles open (websocket reconnect timers); a CLI run is over when the command is.
setTimeout(() => process.exit(code), 200).unref();
