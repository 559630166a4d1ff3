import "../lib/shims.js";
import type { CliDeps } from "./context.js";
import { runCli } from "./program.js";
import { promptHidden } from "./prompt.js";

// Output piped into `head` or a pager that quits early: stop quietly, as other CLIs do, instead of
// an unhandled EPIPE stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}

const deps: CliDeps = {
  io: {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    ...(process.stdin.isTTY ? { promptSecret: promptHidden } : {}),
  },
  // @polkadot/api is loaded by the commands that talk to the chain, not by every start.
  createClient: async (endpoint) => {
    const { createChainClient } = await import("../chain/client/index.js");
    return createChainClient({ endpoint, connectTimeoutMs: 5000 });
  },
};

const code = await runCli(process.argv.slice(2), deps);
process.exitCode = code;
// Some libraries keep handles open (websocket reconnect timers); a CLI run is over when the command is.
setTimeout(() => process.exit(code), 200).unref();
