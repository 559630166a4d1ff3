import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { z } from "zod";

/** What `gpu install` leaves in `$MESHTENSOR_HOME/gpu/install.json`; the launcher reads it. */
export const manifestSchema = z
  .object({
    version: z.literal(1),
    ortVersion: z.string(),
    cudaMajor: z.number().int(),
    packages: z.array(z.string()),
    siteDir: z.string(),
    /** Folders holding the NVIDIA libraries, for LD_LIBRARY_PATH. */
    libraryPath: z.array(z.string()),
    providers: z.array(z.object({ name: z.string(), path: z.string(), bytes: z.number().int() })),
    installedAt: z.string(),
  })
  .strict();
export type GpuManifest = z.infer<typeof manifestSchema>;

export function gpuHome(env: NodeJS.ProcessEnv): string {
  const root =
    env.MESHTENSOR_HOME !== undefined && env.MESHTENSOR_HOME !== "" ? env.MESHTENSOR_HOME : join(homedir(), ".meshtensor");
  return join(root, "gpu");
}

/** The manifest, or null when none was written (or it is unreadable: the launcher must never fail on it). */
export function readManifest(path: string): GpuManifest | null {
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, "utf8")));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** LD_LIBRARY_PATH with the manifest's folders first, or null when it already holds them all. */
export function libraryPathFor(manifest: GpuManifest, current: string | undefined): string | null {
  const have = (current ?? "").split(delimiter).filter((p) => p !== "");
  if (manifest.libraryPath.every((p) => have.includes(p))) return null;
  return [...manifest.libraryPath, ...have.filter((p) => !manifest.libraryPath.includes(p))].join(delimiter);
}

export function envSh(manifest: GpuManifest): string {
  const dirs = manifest.libraryPath.join(delimiter);
  return [
    "# written by `meshtensor gpu install`: the NVIDIA libraries the CUDA provider loads (it has no RUNPATH)",
    `export LD_LIBRARY_PATH="${dirs}\${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"`,
    "",
  ].join("\n");
}
