import type { Command } from "commander";
import {
  gpuCheck,
  gpuHome,
  ortInstall,
  planInstall,
  queryDevices,
  renderCheck,
  renderPlan,
  runInstall,
} from "../../node/inference/gpu/index.js";
import type { CliDeps } from "../context.js";
import { CliError } from "../errors.js";

const PROVIDERS = ["cpu", "cuda", "webgpu"] as const;
type Provider = (typeof PROVIDERS)[number];

function provider(value: string, previous: Provider[] = []): Provider[] {
  if (!(PROVIDERS as readonly string[]).includes(value))
    throw CliError.usage(`--provider: expected cpu, cuda or webgpu, got ${value}`);
  return [...previous, value as Provider];
}

function cudaMajor(value: string): number {
  if (!/^\d{1,3}$/.test(value)) throw CliError.usage(`--cuda: expected a CUDA major version such as 13, got ${value}`);
  return Number(value);
}

/** `meshtensor gpu install|check`: the CUDA provider from PyPI, and what actually loads. The work is in node/inference/gpu. */
export function registerGpuCommands(program: Command, deps: CliDeps): void {
  const out = (s: string) => deps.io.stdout.write(`${s}\n`);
  const g = program.command("gpu").description("GPU inference: install the CUDA provider from PyPI, check what loads");
  g.command("install")
    .description(
      "fetch onnxruntime-gpu's CUDA provider and the NVIDIA libraries with pip, put them where onnxruntime-node loads them",
    )
    .option("--dry-run", "print what would be fetched and where, fetch nothing")
    .option("--json", "machine-readable output")
    .option("--force", "fetch again even when the cache holds everything")
    .option("--cuda <major>", "the CUDA major you want (refused when it does not match the provider build)", cudaMajor)
    .option("--python <exe>", "the Python whose pip fetches the wheels", "python3")
    .option("--find-links <dir>", "install from a folder of wheels, without an index (offline hosts)")
    .option("--index-url <url>", "a PyPI mirror")
    .addHelpText("after", "\nExample:\n  $ meshtensor gpu install --dry-run\n")
    .action(
      async (o: {
        dryRun?: boolean;
        json?: boolean;
        force?: boolean;
        cuda?: number;
        python: string;
        findLinks?: string;
        indexUrl?: string;
      }) => {
        const ort = ortInstall();
        const device = await queryDevices();
        const plan = planInstall({
          ortVersion: ort.version,
          platform: process.platform,
          arch: process.arch,
          bindingDir: ort.bindingDir,
          gpuHome: gpuHome(deps.io.env),
          python: o.python,
          driverCuda: device.driverCuda,
          ...(o.cuda !== undefined ? { cudaMajor: o.cuda } : {}),
          ...(o.findLinks !== undefined ? { findLinks: o.findLinks } : {}),
          ...(o.indexUrl !== undefined ? { indexUrl: o.indexUrl } : {}),
        });
        if (o.dryRun) {
          out(o.json ? JSON.stringify(plan, null, 2) : renderPlan(plan));
          return;
        }
        const result = await runInstall(
          plan,
          { progress: (l) => deps.io.stderr.write(`gpu install: ${l}\n`), pipOutput: (s) => deps.io.stderr.write(s) },
          { force: o.force === true },
        );
        out(
          o.json
            ? JSON.stringify(result, null, 2)
            : `installed the CUDA ${result.manifest.cudaMajor} provider for onnxruntime-node ${result.manifest.ortVersion}; next: npx meshtensor gpu check`,
        );
      },
    );
  g.command("check")
    .description("which providers are installed and load, the device, and the exact reason when one does not")
    .option("--json", "machine-readable output")
    .option("--model <file>", "ONNX model with float32 inputs to run on each provider (default: the inference subnet's MLP)")
    .option("--provider <name>", "check only this provider (repeatable): cpu, cuda, webgpu", provider)
    .option("--require <name>", "exit 1 unless this provider loads and matches the CPU", (v: string) => provider(v)[0])
    .addHelpText("after", "\nExample:\n  $ meshtensor gpu check --json --require cuda\n")
    .action(async (o: { json?: boolean; model?: string; provider?: Provider[]; require?: Provider }) => {
      const report = await gpuCheck({
        env: deps.io.env,
        ...(o.model !== undefined ? { model: o.model } : {}),
        ...(o.provider !== undefined ? { providers: o.provider } : {}),
      });
      out(o.json ? JSON.stringify(report, null, 2) : renderCheck(report));
      if (o.require !== undefined) {
        const p = report.providers.find((r) => r.provider === o.require);
        // 1e-3: the inference subnet's own tolerance for a re-executed answer (atol).
        if (!p?.loads || (p.maxAbsDiffVsCpu ?? Number.POSITIVE_INFINITY) > 1e-3)
          throw CliError.failed(
            `${o.require} does not load or disagrees with the CPU: ${p?.reason ?? ""} ${p?.error ?? ""}`.trim(),
          );
      }
    });
}
