import type { GpuCheckReport } from "./check.js";
import type { InstallPlan } from "./plan.js";

const ACTION: Record<string, string> = {
  NOT_INSTALLED: "run `npx meshtensor gpu install`",
  LIBRARY_MISSING: "install that library, or rerun `npx meshtensor gpu install`",
  NO_DEVICE: "no GPU visible to this process",
  FAILED: "see the error",
};

/** `gpu check` for people: one line per fact, one per provider, the reason and what to do. */
export function renderCheck(r: GpuCheckReport): string {
  const yes = (b: boolean | undefined) => (b ? "yes" : "no");
  const lines = [
    `onnxruntime-node ${r.ortVersion}, binding ${r.bindingDir}`,
    `providers beside the binding: ${Object.entries(r.providerFiles)
      .map(([f, b]) => `${f} ${yes(b)}`)
      .join(", ")}`,
    r.install.present
      ? `gpu install: CUDA ${r.install.cudaMajor}, ${r.install.libraryPath.length} library folders (${r.install.manifest})`
      : `gpu install: not run (no ${r.install.manifest})`,
    r.device.devices.length > 0
      ? `device: ${r.device.devices.map((d) => `${d.name}, ${d.memoryMiB} MiB, driver ${d.driver}`).join("; ")}${
          r.device.driverCuda ? `, CUDA ${r.device.driverCuda.major}.${r.device.driverCuda.minor}` : ""
        }`
      : `device: none (${r.device.reason ?? "nvidia-smi lists none"})`,
    `model: ${r.model}`,
  ];
  for (const p of r.providers) {
    if (p.loads) {
      const diff = p.maxAbsDiffVsCpu === undefined ? "" : `, max |diff| vs cpu ${p.maxAbsDiffVsCpu.toExponential(2)}`;
      lines.push(`${p.provider.padEnd(7)} loads: open ${p.openMs} ms, 16-row run ${p.runMs} ms${diff}`);
    } else {
      const lib = p.missingLibrary ? `${p.missingLibrary} not found; ` : "";
      // libcuda.so.1 comes with the NVIDIA driver, never from PyPI.
      const action =
        p.missingLibrary === "libcuda.so.1" ? "needs the NVIDIA driver (no GPU driver here)" : ACTION[p.reason ?? "FAILED"];
      lines.push(`${p.provider.padEnd(7)} no: ${p.reason}: ${lib}${p.error ?? ""} -> ${action}`);
    }
  }
  return lines.join("\n");
}

export function renderPlan(plan: InstallPlan): string {
  return [
    `would fetch for onnxruntime-node ${plan.ortVersion} (CUDA ${plan.cudaMajor}):`,
    ...plan.packages.map((p) => `  ${p}`),
    `into ${plan.siteDir}`,
    `with: ${plan.python} ${plan.pipArgs.join(" ")}`,
    ...plan.providers.map((p) => `link ${p.to} -> ${p.from}`),
    `write ${plan.manifestPath} and ${plan.envShPath}`,
  ].join("\n");
}
