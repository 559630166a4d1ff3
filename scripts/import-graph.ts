/**
 * The import graph of the TypeScript tree and the rules of ARCHITECTURE that it must keep.
 *
 *   npm run imports                            upward imports counted per folder pair, then violations
 *   npx tsx scripts/import-graph.ts            the same
 *   npx tsx scripts/import-graph.ts --at REV   the same for a commit (e.g. --at d193f29, before issue 13)
 *   npx tsx scripts/import-graph.ts --check    exit 1 on any violation not in the allow-list
 *
 * test/architecture/imports.test.ts runs the same check in the suite.
 *
 * Floors import only downward: lib < chain < subnets < node < localnet < dashboard < cli.
 * `dashboard/` sits between localnet and the CLI: it reads localnet's knowledge of a run, and the
 * CLI serves it. `scripts/`, the root `test/`, `bin/` and the root config files are tools, not
 * floors: they may import anything. A test beside the code (`*.test.ts`, or a part's `test/`
 * folder) keeps the SDK rules like the code it tests, but may import from above its floor to
 * drive its part with the real parts (a subnet's test runs real models through node/inference,
 * a chain client test starts a dev chain) and reach into a part's files. Counts list such
 * imports apart, as `(tests)`.
 *
 * The rules, each printed as `file -> import (rule)`:
 * - floor: a file imports nothing from a floor above its own (tests beside the code excepted);
 * - SDK ownership: @polkadot/api only in chain/client, libp2p (`libp2p`, `@libp2p/*`,
 *   `@chainsafe/*`) only in node/network, onnxruntime-node only in node/inference, level only in
 *   node/store, prom-client only in node/metrics (and in tests beside the code, which read a
 *   registry they made);
 * - composition roots: only cli and dashboard import localnet/, only cli and localnet import
 *   chain/devchain and node/app, and localnet/ is imported only through its `index.ts` (tests
 *   beside the code excepted).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export const FLOORS = ["lib", "chain", "subnets", "node", "localnet", "dashboard", "cli"] as const;
export type Floor = (typeof FLOORS)[number];

/** Each SDK may be imported from one folder only (a package name, or a scope ending in "/"). */
export const SDK_OWNERS: readonly {
  packages: readonly string[];
  owner: string;
  name: string;
  /** Tests beside the code may import it too (a test reads a prom-client registry it made). */
  testsToo?: boolean;
}[] = [
  { packages: ["@polkadot/api"], owner: "chain/client", name: "@polkadot/api" },
  { packages: ["libp2p", "@libp2p/", "@chainsafe/"], owner: "node/network", name: "libp2p" },
  { packages: ["onnxruntime-node"], owner: "node/inference", name: "onnxruntime-node" },
  { packages: ["level"], owner: "node/store", name: "level" },
  { packages: ["prom-client"], owner: "node/metrics", name: "prom-client", testsToo: true },
];

/**
 * Composition roots and dev tools, and the only folders that may import them: the CLI, localnet
 * (which runs a dev chain and node processes) and the dashboard (which reads a localnet run).
 */
export const ROOTS_ONLY: Readonly<Record<string, readonly string[]>> = {
  localnet: ["cli", "dashboard"],
  "chain/devchain": ["cli", "localnet"],
  "node/app": ["cli", "localnet"],
};
/** Folders that others import only through their `index.ts`. */
export const ENTRY_ONLY: readonly string[] = ["localnet"];

export interface ImportEdge {
  /** the importing file, relative to the repository root */
  file: string;
  /** the specifier as written */
  specifier: string;
  /** the imported file relative to the root, for a relative specifier; null for a package */
  target: string | null;
}

export interface Violation {
  file: string;
  specifier: string;
  rule: string;
}

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..");

export function trackedTsFiles(root = ROOT): string[] {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "*.ts"], {
    cwd: root,
    encoding: "utf8",
  });
  return out.split("\0").filter((f) => f.length > 0 && !f.endsWith(".d.ts") && existsSync(path.join(root, f)));
}

/** Static imports, `export ... from`, `import()` and `import("x").T` types, by TypeScript's own scanner. */
export function importsOf(file: string, text: string): ImportEdge[] {
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map(({ fileName: specifier }) => {
    let target: string | null = null;
    if (specifier.startsWith(".")) {
      target = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)).replace(/\.js$/, ".ts");
    }
    return { file, specifier, target };
  });
}

export function collectEdges(root = ROOT): ImportEdge[] {
  return trackedTsFiles(root).flatMap((file) => importsOf(file, readFileSync(path.join(root, file), "utf8")));
}

/** The same graph as it stood at a commit (`--at REV`), read from git without checking it out. */
export function collectEdgesAt(rev: string, root = ROOT): ImportEdge[] {
  const git = (...args: string[]) => execFileSync("git", args, { cwd: root, encoding: "utf8", maxBuffer: 1 << 28 });
  const files = git("ls-tree", "-r", "-z", "--name-only", rev)
    .split("\0")
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
  return files.flatMap((file) => importsOf(file, git("show", `${rev}:${file}`)));
}

/** The floor a path stands on, or null for tools (scripts, root tests, bin, root config files). */
export function floorOf(file: string): Floor | null {
  const top = file.split("/")[0] ?? "";
  return (FLOORS as readonly string[]).includes(top) ? (top as Floor) : null;
}

/** A test or test helper beside the code: `*.test.ts`, or under a `test/` folder inside a part. */
export function isLocalTest(file: string): boolean {
  return file.endsWith(".test.ts") || file.includes("/test/");
}

function isUnder(file: string, folder: string): boolean {
  return file === folder || file.startsWith(`${folder}/`);
}

function packageMatches(specifier: string, pkg: string): boolean {
  return pkg.endsWith("/") ? specifier.startsWith(pkg) : specifier === pkg || specifier.startsWith(`${pkg}/`);
}

export function violationsOf(edges: readonly ImportEdge[]): Violation[] {
  const out: Violation[] = [];
  for (const { file, specifier, target } of edges) {
    const from = floorOf(file);
    if (from === null) continue; // scripts/, test/, bin/: tools may import anything
    if (target === null) {
      for (const sdk of SDK_OWNERS) {
        if (
          sdk.packages.some((p) => packageMatches(specifier, p)) &&
          !isUnder(file, sdk.owner) &&
          !(sdk.testsToo && isLocalTest(file))
        ) {
          out.push({ file, specifier, rule: `only ${sdk.owner} imports ${sdk.name}` });
        }
      }
      continue;
    }
    if (isLocalTest(file)) continue;
    const to = floorOf(target);
    if (to !== null && FLOORS.indexOf(to) > FLOORS.indexOf(from)) {
      out.push({ file, specifier, rule: `floor: ${from} imports ${to}, above it` });
      continue;
    }
    for (const [folder, importers] of Object.entries(ROOTS_ONLY)) {
      if (isUnder(target, folder) && !isUnder(file, folder) && !importers.some((i) => isUnder(file, i))) {
        out.push({ file, specifier, rule: `only ${importers.join(" and ")} import ${folder}` });
      }
    }
    for (const folder of ENTRY_ONLY) {
      if (isUnder(target, folder) && !isUnder(file, folder) && target !== `${folder}/index.ts`) {
        out.push({ file, specifier, rule: `others import ${folder}/ only through ${folder}/index.ts` });
      }
    }
  }
  return out;
}

/** The folder a file is counted under: the part (two levels) for chain and node, else the floor. */
export function partOf(file: string): string {
  const parts = file.split("/");
  if ((parts[0] === "chain" || parts[0] === "node") && parts.length > 2) return `${parts[0]}/${parts[1]}`;
  return parts[0] ?? file;
}

/** Upward imports (import statements) counted per folder pair, those of tests beside the code apart. */
export function upwardCounts(edges: readonly ImportEdge[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { file, target } of edges) {
    if (target === null) continue;
    const from = floorOf(file);
    const to = floorOf(target);
    if (from === null || to === null || FLOORS.indexOf(to) <= FLOORS.indexOf(from)) continue;
    const key = `${partOf(file)} -> ${partOf(target)}${isLocalTest(file) ? " (tests)" : ""}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return new Map([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

export function formatViolation(v: Violation): string {
  return `${v.file} -> ${v.specifier} (${v.rule})`;
}

/**
 * Known violations left from steps of issue 13 not yet done, as `file -> specifier`. This list may
 * only shrink: a new violation never gets an entry, it gets fixed.
 */
export const ALLOWED: readonly string[] = [];

export function unallowed(violations: readonly Violation[]): Violation[] {
  const allowed = new Set(ALLOWED);
  return violations.filter((v) => !allowed.has(`${v.file} -> ${v.specifier}`));
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  const at = process.argv.indexOf("--at");
  const rev = at === -1 ? undefined : process.argv[at + 1];
  const edges = rev === undefined ? collectEdges() : collectEdgesAt(rev);
  const violations = violationsOf(edges);
  if (process.argv.includes("--check")) {
    const bad = unallowed(violations);
    for (const v of bad) console.log(formatViolation(v));
    console.log(`${bad.length} violations (${violations.length - bad.length} allowed, known)`);
    process.exit(bad.length === 0 ? 0 : 1);
  }
  const counts = upwardCounts(edges);
  console.log(`upward imports per folder pair (${FLOORS.join(" < ")}), import statements:`);
  for (const [pair, n] of counts) console.log(`${String(n).padStart(4)}  ${pair}`);
  console.log(`${String([...counts.values()].reduce((a, b) => a + b, 0)).padStart(4)}  total`);
  console.log(`\nviolations (${violations.length}):`);
  for (const v of violations) console.log(`  ${formatViolation(v)}`);
}
