/**
 * Regenerate `chain/client/generated/subnets.ts` from the committed runtime (chain/artifacts):
 * start the embedded dev chain in-process, read the metadata v15, render, format with biome.
 *   npx tsx scripts/gen-chain-types.ts          # write
 *   npx tsx scripts/gen-chain-types.ts --check  # CI: exit 1 when the committed file is stale
 */
import "../lib/shims.js";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { generateSubnetsTypes } from "../chain/client/codegen.js";
import { chainSpecPath, createDevChain } from "../chain/devchain/index.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "chain", "client", "generated", "subnets.ts");

function format(text: string): string {
  const biome = join(ROOT, "node_modules", ".bin", "biome");
  const r = spawnSync(biome, ["format", `--stdin-file-path=${relative(ROOT, OUT)}`], {
    input: text,
    cwd: ROOT,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`biome format failed: ${r.stderr}`);
  return r.stdout;
}

async function main(): Promise<number> {
  const check = process.argv.includes("--check");
  const spec = chainSpecPath("dev");
  if (!existsSync(spec)) {
    console.error(`gen-chain-types: ${relative(ROOT, spec)} is missing: build the runtime artifacts first`);
    return 1;
  }
  const chain = createDevChain({ port: 0, mode: "manual" });
  await chain.start();
  let text: string;
  try {
    text = format(await generateSubnetsTypes(chain.endpoint, "chain/artifacts/chainspec-dev.raw.json"));
  } finally {
    await chain.stop();
  }
  const current = existsSync(OUT) ? readFileSync(OUT, "utf8") : null;
  if (check) {
    if (current === text) {
      console.log(`gen-chain-types: ${relative(ROOT, OUT)} is up to date`);
      return 0;
    }
    console.error(
      `gen-chain-types: ${relative(ROOT, OUT)} is ${current === null ? "missing" : "stale"} for the runtime in chain/artifacts: run \`npx tsx scripts/gen-chain-types.ts\` and commit it`,
    );
    return 1;
  }
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, text);
  console.log(`gen-chain-types: wrote ${relative(ROOT, OUT)}${current === text ? " (unchanged)" : ""}`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`gen-chain-types: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
