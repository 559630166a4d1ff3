import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { copyFile, mkdir, readdir, rm, stat, symlink, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { GpuError } from "./errors.js";
import { envSh, type GpuManifest, readManifest } from "./manifest.js";
import type { InstallPlan } from "./plan.js";

export interface InstallDeps {
  /** One line per step, for the user (stderr). */
  progress(line: string): void;
  /** pip's own output (its download bars), passed through. */
  pipOutput?: (chunk: string) => void;
  now?: () => Date;
}

export interface InstallResult {
  manifest: GpuManifest;
  /** False when everything was already in place and nothing was fetched. */
  fetched: boolean;
}

/**
 * Run a plan: pip unpacks the wheels into the cache, the two provider libraries are linked beside
 * the binding, the manifest and `env.sh` are written last, so an interrupted run leaves no
 * manifest that claims more than is there. Idempotent: a second run with everything in place
 * fetches nothing; after `npm ci` (which empties the binding folder) it only relinks.
 */
export async function runInstall(
  plan: InstallPlan,
  deps: InstallDeps,
  options: { force?: boolean } = {},
): Promise<InstallResult> {
  const previous = readManifest(plan.manifestPath);
  const cached =
    !options.force &&
    previous !== null &&
    previous.ortVersion === plan.ortVersion &&
    previous.packages.join(" ") === plan.packages.join(" ") &&
    plan.providers.every((p) => existsSync(p.from));
  if (cached) {
    deps.progress(`cache ${plan.siteDir} already holds ${plan.packages.length} packages; nothing to fetch`);
  } else {
    await checkPip(plan.python);
    deps.progress(`fetching ${plan.packages.join(" ")} into ${plan.siteDir} (about 1 GB from PyPI)`);
    await mkdir(plan.siteDir, { recursive: true });
    await runPip(plan, deps);
  }
  for (const p of plan.providers) {
    if (!existsSync(p.from)) throw new GpuError({ code: "WHEEL_INCOMPLETE", missing: p.from });
  }
  const providers: GpuManifest["providers"] = [];
  for (const p of plan.providers) {
    await linkOrCopy(p.from, p.to);
    providers.push({ name: p.name, path: p.to, bytes: (await stat(p.to)).size });
    deps.progress(`${p.to} -> ${p.from}`);
  }
  const libraryPath = await libraryDirs(plan.siteDir);
  const manifest: GpuManifest = {
    version: 1,
    ortVersion: plan.ortVersion,
    cudaMajor: plan.cudaMajor,
    packages: plan.packages,
    siteDir: plan.siteDir,
    libraryPath,
    providers,
    installedAt: (deps.now?.() ?? new Date()).toISOString(),
  };
  await writeFile(plan.envShPath, envSh(manifest));
  await writeFile(plan.manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
  deps.progress(`library path (${libraryPath.length} folders) in ${plan.manifestPath}; meshtensor commands apply it themselves`);
  return { manifest, fetched: !cached };
}

function checkPip(python: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, ["-m", "pip", "--version"], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString();
    });
    child.on("error", (e) => reject(new GpuError({ code: "NO_PIP", python, reason: e.message })));
    child.on("exit", (code) =>
      code === 0
        ? resolve()
        : reject(new GpuError({ code: "NO_PIP", python, reason: err.trim().split("\n").pop() ?? `exit ${code}` })),
    );
  });
}

function runPip(plan: InstallPlan, deps: InstallDeps): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(plan.python, plan.pipArgs, { stdio: ["ignore", "pipe", "pipe"] });
    let tail = "";
    const take = (d: Buffer) => {
      const s = d.toString();
      tail = (tail + s).slice(-2000);
      deps.pipOutput?.(s);
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    child.on("error", (e) => reject(new GpuError({ code: "NO_PIP", python: plan.python, reason: e.message })));
    child.on("exit", (code) => {
      if (code === 0) return resolve();
      const lines = tail
        .trim()
        .split("\n")
        .filter((l) => /error|ERROR|No matching/.test(l));
      reject(
        new GpuError({
          code: "PIP_FAILED",
          exitCode: code,
          tail: (lines.length > 0 ? lines : tail.trim().split("\n")).slice(-3).join(" | "),
        }),
      );
    });
  });
}

/** A symlink keeps one copy of the 272 MB provider; a copy where links are refused. */
async function linkOrCopy(from: string, to: string): Promise<void> {
  await rm(to, { force: true });
  try {
    await symlink(from, to);
  } catch {
    await copyFile(from, to);
  }
}

/** Every folder under the cache's `nvidia/` that holds a shared library (cuBLAS, cuDNN, ... each ship their own). */
async function libraryDirs(siteDir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 6) return;
    let entries: import("node:fs").Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => !e.isDirectory() && /\.so(\.\d+)*$/.test(e.name))) out.push(dir);
    for (const e of entries) if (e.isDirectory()) await walk(join(dir, e.name), depth + 1);
  };
  await walk(join(siteDir, "nvidia"), 0);
  return out.sort();
}
