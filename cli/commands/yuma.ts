import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { createChainClient } from "../../chain/client/index.js";
import { createDevChain } from "../../chain/devchain/index.js";
import { type CliContext, type CliDeps, handle, type Output, withCommonOptions } from "../context.js";
import { CliError } from "../errors.js";
import { stringifyExact } from "../json.js";
import { reportToOutput } from "../yuma/report.js";
import { parseScenario } from "../yuma/scenario.js";

/**
 * Run a scenario through the runtime's `SubnetsApi.simulate_yuma`. Without `--chain` an embedded
 * dev chain is started in-process (manual blocks, free port) and stopped afterwards, so the
 * committed runtime wasm is what computes the epochs.
 */
export async function yumaSimulate(ctx: CliContext, file: string, chainGiven: boolean): Promise<Output> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (err) {
    throw CliError.usage(`FILE: cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? "error"})`);
  }
  const scenario = parseScenario(text);
  let client = chainGiven ? await ctx.chain() : null;
  if (!client) {
    const devchain = createDevChain({ port: 0, mode: "manual" });
    ctx.cleanups.push(() => devchain.stop());
    await devchain.start();
    const local = createChainClient({ endpoint: devchain.endpoint });
    ctx.cleanups.push(() => local.close());
    await local.connect();
    client = local;
  }
  if (!client.simulateYuma) throw CliError.failed("this chain client cannot run the simulator");
  const out = reportToOutput(await client.simulateYuma(scenario));
  // Amounts exceed 2^53: the same exact-integer JSON for humans and scripts.
  return { data: out, human: stringifyExact(out) };
}

export function registerYumaCommands(program: Command, deps: CliDeps): void {
  const g = program.command("yuma").description("Yuma consensus tools");
  handle(
    withCommonOptions(
      g
        .command("simulate")
        .argument("<file>", "scenario JSON (format: shared/spec/yuma-scenario.md)")
        .description("run a scenario through the runtime's own epoch code and print the epochs as JSON"),
      "meshtensor yuma simulate scenario.json",
    ),
    deps,
    (ctx, a, o) => yumaSimulate(ctx, String(a[0]), o.__chainSource !== "default"),
  );
}
