import { join } from "node:path";
import { GpuError } from "./errors.js";
import { cudaBuildFor, SUPPORTED_VERSIONS } from "./versions.js";

/** The provider libraries taken from the onnxruntime-gpu wheel and put beside the binding. */
export const PROVIDER_FILES = ["libonnxruntime_providers_shared.so", "libonnxruntime_providers_cuda.so"] as const;
const WHEEL_DIR = join("onnxruntime", "capi");

export interface PlanInput {
  ortVersion: string;
  platform: string;
  arch: string;
  /** onnxruntime-node's `bin/napi-v6/linux/x64`: where its core loads providers from. */
  bindingDir: string;
  /** `$MESHTENSOR_HOME/gpu` (or `~/.meshtensor/gpu`). */
  gpuHome: string;
  python: string;
  /** CUDA major the user asked for (`--cuda`), checked against the build. */
  cudaMajor?: number;
  /** CUDA version the driver supports, from nvidia-smi, when there is one. */
  driverCuda?: { major: number; minor: number } | null;
  /** Extra package sources: a local wheel folder (`--find-links`, with no index) or a mirror (`--index-url`). */
  findLinks?: string;
  indexUrl?: string;
}

export interface InstallPlan {
  ortVersion: string;
  cudaMajor: number;
  packages: string[];
  /** Where pip unpacks the wheels: one folder per onnxruntime version, so versions never mix. */
  siteDir: string;
  python: string;
  /** Arguments after `python`. */
  pipArgs: string[];
  providers: Array<{ name: string; from: string; to: string }>;
  manifestPath: string;
  envShPath: string;
}

/**
 * Pure: what `gpu install` will fetch and where it will put it, or a refusal naming why.
 * Wheels are fetched for linux x64 / CPython 3.12 whatever the local Python is: the provider and
 * NVIDIA libraries inside do not depend on Python, and pip only unpacks them.
 */
export function planInstall(input: PlanInput): InstallPlan {
  if (input.platform !== "linux" || input.arch !== "x64") {
    throw new GpuError({ code: "UNSUPPORTED_PLATFORM", platform: input.platform, arch: input.arch });
  }
  const build = cudaBuildFor(input.ortVersion);
  if (build === null) {
    throw new GpuError({ code: "UNSUPPORTED_VERSION", ortVersion: input.ortVersion, supported: SUPPORTED_VERSIONS });
  }
  if (input.cudaMajor !== undefined && input.cudaMajor !== build.cudaMajor) {
    throw new GpuError({
      code: "CUDA_MAJOR_MISMATCH",
      wanted: input.cudaMajor,
      provided: build.cudaMajor,
      reason: `onnxruntime-node ${input.ortVersion} loads only onnxruntime-gpu ${input.ortVersion}, which PyPI has for CUDA ${build.cudaMajor} only`,
    });
  }
  const drv = input.driverCuda;
  if (drv && drv.major < build.cudaMajor) {
    throw new GpuError({
      code: "CUDA_MAJOR_MISMATCH",
      wanted: build.cudaMajor,
      provided: drv.major,
      reason: `the driver supports CUDA up to ${drv.major}.${drv.minor}; CUDA ${build.cudaMajor} needs driver ${build.minDriver} or newer`,
    });
  }
  const siteDir = join(input.gpuHome, `ort-${input.ortVersion}`, "site");
  const sources = [
    ...(input.indexUrl !== undefined ? ["--index-url", input.indexUrl] : []),
    ...(input.findLinks !== undefined ? ["--no-index", "--find-links", input.findLinks] : []),
  ];
  const pipArgs = [
    "-m",
    "pip",
    "install",
    "--disable-pip-version-check",
    "--no-deps",
    "--only-binary=:all:",
    // pip takes the platform tags literally: name every manylinux level the wheels carry.
    ...["manylinux_2_28_x86_64", "manylinux_2_27_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64"].flatMap((p) => [
      "--platform",
      p,
    ]),
    "--python-version",
    "3.12",
    "--implementation",
    "cp",
    "--abi",
    "cp312",
    "--upgrade",
    "--target",
    siteDir,
    ...sources,
    ...build.packages,
  ];
  return {
    ortVersion: input.ortVersion,
    cudaMajor: build.cudaMajor,
    packages: build.packages,
    siteDir,
    python: input.python,
    pipArgs,
    providers: PROVIDER_FILES.map((name) => ({ name, from: join(siteDir, WHEEL_DIR, name), to: join(input.bindingDir, name) })),
    manifestPath: join(input.gpuHome, "install.json"),
    envShPath: join(input.gpuHome, "env.sh"),
  };
}
