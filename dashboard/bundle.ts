import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DashboardError } from "./errors.js";

const WEB_DIR = join(dirname(fileURLToPath(import.meta.url)), "web");

/**
 * The page's script: dashboard/web/main.ts and what it imports, bundled by esbuild into one
 * minified file held in memory. Nothing is fetched at run time; the page has no dependency
 * outside this repository. esbuild is loaded only here, when a dashboard starts.
 */
export async function bundleWebApp(): Promise<string> {
  // esbuild's build() runs in a child service process that outlives the call: stop it once the
  // bundle is in memory, so a dashboard leaves no process behind.
  const esbuild = await import("esbuild").catch((err: unknown) => {
    throw new DashboardError({ code: "BUNDLE_FAILED", reason: String(err) }, `esbuild is not installed: ${String(err)}`);
  });
  try {
    const result = await esbuild.build({
      entryPoints: [join(WEB_DIR, "main.ts")],
      bundle: true,
      write: false,
      minify: true,
      format: "iife",
      target: "es2020",
      platform: "browser",
      logLevel: "silent",
    });
    const file = result.outputFiles[0];
    if (!file) throw new Error("esbuild produced no output");
    return file.text;
  } catch (err) {
    const reason = err instanceof Error ? err.message.split("\n")[0] : String(err);
    throw new DashboardError(
      { code: "BUNDLE_FAILED", reason: reason ?? "unknown" },
      `could not build the dashboard page: ${reason}`,
    );
  } finally {
    await esbuild.stop();
  }
}
