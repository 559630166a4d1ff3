import { execFileSync } from "node:child_process";
import { existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { GpuError } from "./errors.js";
import { runInstall } from "./install.js";
import { gpuLaunchEnv } from "./launch.js";
import { readManifest } from "./manifest.js";
import { planInstall } from "./plan.js";

const root = mkdtempSync(join(tmpdir(), "meshtensor-gpu-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const base = {
  ortVersion: "1.30.0",
  platform: "linux",
  arch: "x64",
  bindingDir: "/b",
  gpuHome: "/h/gpu",
  python: "python3",
};

function refusal(f: () => unknown): GpuError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(GpuError);
    return err as GpuError;
  }
  throw new Error("expected a refusal");
}

describe("install plan", () => {
  it("maps onnxruntime-node 1.30.0 to the CUDA 13 provider of the same version and the NVIDIA libraries", () => {
    const plan = planInstall(base);
    expect(plan.cudaMajor).toBe(13);
    expect(plan.packages).toEqual([
      "onnxruntime-gpu==1.30.0",
      "nvidia-cublas~=13.0",
      "nvidia-cuda-runtime~=13.0",
      "nvidia-cuda-nvrtc~=13.0",
      "nvidia-curand~=10.0",
      "nvidia-cufft~=12.0",
      "nvidia-cudnn-cu13~=9.0",
    ]);
    expect(plan.siteDir).toBe("/h/gpu/ort-1.30.0/site");
    expect(plan.providers).toEqual([
      {
        name: "libonnxruntime_providers_shared.so",
        from: "/h/gpu/ort-1.30.0/site/onnxruntime/capi/libonnxruntime_providers_shared.so",
        to: "/b/libonnxruntime_providers_shared.so",
      },
      {
        name: "libonnxruntime_providers_cuda.so",
        from: "/h/gpu/ort-1.30.0/site/onnxruntime/capi/libonnxruntime_providers_cuda.so",
        to: "/b/libonnxruntime_providers_cuda.so",
      },
    ]);
    // linux x64 wheels whatever the local Python; no dependency resolution (numpy etc. are not needed)
    expect(plan.pipArgs).toEqual(
      expect.arrayContaining(["--no-deps", "--only-binary=:all:", "manylinux_2_28_x86_64", "--target"]),
    );
    expect(plan.pipArgs).not.toContain("--no-index");
    expect(planInstall({ ...base, findLinks: "/w" }).pipArgs).toEqual(
      expect.arrayContaining(["--no-index", "--find-links", "/w"]),
    );
  });

  it("refuses, naming why: platform, unknown version, CUDA major, old driver", () => {
    expect(refusal(() => planInstall({ ...base, platform: "darwin", arch: "arm64" })).type).toMatchObject({
      code: "UNSUPPORTED_PLATFORM",
    });
    const v = refusal(() => planInstall({ ...base, ortVersion: "1.22.0" }));
    expect(v.type.code).toBe("UNSUPPORTED_VERSION");
    expect(v.message).toMatch(/onnxruntime-node 1\.22\.0.*1\.30\.x \(CUDA 13\)/);
    const c = refusal(() => planInstall({ ...base, cudaMajor: 12 }));
    expect(c.type).toMatchObject({ code: "CUDA_MAJOR_MISMATCH", wanted: 12, provided: 13 });
    const d = refusal(() => planInstall({ ...base, driverCuda: { major: 12, minor: 8 } }));
    expect(d.message).toMatch(/driver supports CUDA up to 12\.8; CUDA 13 needs driver 580/);
    expect(planInstall({ ...base, driverCuda: { major: 13, minor: 0 } }).cudaMajor).toBe(13);
  });
});

/** Wheels with the real names and layout, and small stand-in libraries, for pip to install offline. */
function fakeWheels(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const wheels: Array<[string, string, string[]]> = [
    [
      "onnxruntime_gpu",
      "1.30.0",
      ["onnxruntime/capi/libonnxruntime_providers_cuda.so", "onnxruntime/capi/libonnxruntime_providers_shared.so"],
    ],
    ["nvidia_cublas", "13.0.2", ["nvidia/cu13/lib/libcublas.so.13", "nvidia/cu13/lib/libcublasLt.so.13"]],
    ["nvidia_cuda_runtime", "13.0.96", ["nvidia/cu13/lib/libcudart.so.13"]],
    ["nvidia_cuda_nvrtc", "13.0.88", ["nvidia/cu13/lib/libnvrtc.so.13"]],
    ["nvidia_curand", "10.4.0", ["nvidia/cu13/lib/libcurand.so.10"]],
    ["nvidia_cufft", "12.0.0", ["nvidia/cu13/lib/libcufft.so.12"]],
    ["nvidia_cudnn_cu13", "9.13.0", ["nvidia/cudnn/lib/libcudnn.so.9"]],
  ];
  const script = `
import sys, zipfile, json
dir = sys.argv[1]
for name, ver, files in json.loads(sys.argv[2]):
    tag = "cp312-cp312-manylinux_2_28_x86_64" if name == "onnxruntime_gpu" else "py3-none-manylinux_2_27_x86_64"
    di = f"{name}-{ver}.dist-info"
    with zipfile.ZipFile(f"{dir}/{name}-{ver}-{tag}.whl", "w") as z:
        record = []
        for f in files:
            z.writestr(f, f"stand-in for {f}\\n"); record.append(f"{f},,")
        z.writestr(f"{di}/METADATA", f"Metadata-Version: 2.1\\nName: {name.replace('_', '-')}\\nVersion: {ver}\\n")
        z.writestr(f"{di}/WHEEL", f"Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: false\\nTag: {tag}\\n")
        record += [f"{di}/METADATA,,", f"{di}/WHEEL,,", f"{di}/RECORD,,"]
        z.writestr(f"{di}/RECORD", "\\n".join(record) + "\\n")
`;
  execFileSync("python3", ["-c", script, dir, JSON.stringify(wheels)]);
}

describe("gpu install against a local wheel folder (real pip, no network)", () => {
  it("fetches, links the providers beside the binding, writes the library path; a second run fetches nothing", async () => {
    const wheels = join(root, "wheels");
    fakeWheels(wheels);
    const bindingDir = join(root, "binding");
    mkdirSync(bindingDir);
    const home = join(root, "home");
    const plan = planInstall({ ...base, bindingDir, gpuHome: join(home, "gpu"), findLinks: wheels });
    const lines: string[] = [];
    const first = await runInstall(plan, { progress: (l) => lines.push(l) });
    expect(first.fetched).toBe(true);
    for (const name of ["libonnxruntime_providers_cuda.so", "libonnxruntime_providers_shared.so"]) {
      const to = join(bindingDir, name);
      expect(lstatSync(to).isSymbolicLink()).toBe(true);
      expect(readlinkSync(to)).toBe(join(plan.siteDir, "onnxruntime", "capi", name));
      expect(readFileSync(to, "utf8")).toContain(`stand-in for onnxruntime/capi/${name}`);
    }
    const manifest = readManifest(plan.manifestPath);
    expect(manifest?.libraryPath).toEqual([
      join(plan.siteDir, "nvidia", "cu13", "lib"),
      join(plan.siteDir, "nvidia", "cudnn", "lib"),
    ]);
    expect(readFileSync(plan.envShPath, "utf8")).toContain(`export LD_LIBRARY_PATH="${manifest?.libraryPath.join(":")}`);
    expect(lines[0]).toMatch(/^fetching onnxruntime-gpu==1\.30\.0 /);

    // npm ci empties the binding folder; a rerun only relinks, from the cache.
    rmSync(join(bindingDir, "libonnxruntime_providers_cuda.so"));
    rmSync(wheels, { recursive: true });
    const again: string[] = [];
    const second = await runInstall(plan, { progress: (l) => again.push(l) });
    expect(second.fetched).toBe(false);
    expect(again[0]).toMatch(/nothing to fetch/);
    expect(existsSync(join(bindingDir, "libonnxruntime_providers_cuda.so"))).toBe(true);

    // Every meshtensor command started after this gets the library path without an export.
    const env = gpuLaunchEnv({ MESHTENSOR_HOME: home, LD_LIBRARY_PATH: "/usr/local/lib" }, "linux");
    expect(env?.LD_LIBRARY_PATH).toBe([...(manifest?.libraryPath ?? []), "/usr/local/lib"].join(":"));
    expect(gpuLaunchEnv({ ...env }, "linux")).toBeNull(); // no relaunch loop
    expect(gpuLaunchEnv({ MESHTENSOR_HOME: join(root, "nothing-installed") }, "linux")).toBeNull();
  });

  it("names the package pip cannot find, and writes no manifest", async () => {
    const empty = join(root, "empty-wheels");
    mkdirSync(empty);
    const plan = planInstall({ ...base, bindingDir: join(root, "b2"), gpuHome: join(root, "h2", "gpu"), findLinks: empty });
    const err = await runInstall(plan, { progress: () => undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GpuError);
    expect((err as GpuError).type.code).toBe("PIP_FAILED");
    expect((err as GpuError).message).toMatch(/onnxruntime-gpu==1\.30\.0/);
    expect(existsSync(plan.manifestPath)).toBe(false);
  });

  it("says pip is missing when the Python has none", async () => {
    const plan = planInstall({
      ...base,
      python: join(root, "no-such-python"),
      bindingDir: join(root, "b3"),
      gpuHome: join(root, "h3"),
    });
    await expect(runInstall(plan, { progress: () => undefined })).rejects.toMatchObject({ type: { code: "NO_PIP" } });
  });
});
