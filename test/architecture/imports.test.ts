import { describe, expect, it } from "vitest";
import { ALLOWED, collectEdges, formatViolation, importsOf, unallowed, violationsOf } from "../../scripts/import-graph.js";

// ARCHITECTURE's import rules, kept by a test over `git ls-files '*.ts'` (see scripts/import-graph.ts).
describe("import rules", () => {
  const violations = violationsOf(collectEdges());

  it("no file imports from a floor above its own or an SDK another part owns", () => {
    const bad = unallowed(violations).map(formatViolation);
    expect(bad, `\n${bad.join("\n")}\n`).toEqual([]);
  });

  it("the allow-list of known violations holds no entry that is already fixed", () => {
    const seen = new Set(violations.map((v) => `${v.file} -> ${v.specifier}`));
    const stale = ALLOWED.filter((entry) => !seen.has(entry));
    expect(stale, "fixed: take these out of ALLOWED in scripts/import-graph.ts").toEqual([]);
  });

  it("reads static, re-export, dynamic and type-only imports", () => {
    const text = [
      'import { a } from "../../node/app/index.js";',
      'export { b } from "@polkadot/api";',
      'const c = await import("level");',
      'type D = import("../../cli/main.js").D;',
    ].join("\n");
    const found = violationsOf(importsOf("chain/client/x.ts", text)).map(formatViolation);
    expect(found).toEqual([
      "chain/client/x.ts -> ../../node/app/index.js (floor: chain imports node, above it)",
      "chain/client/x.ts -> level (only node/store imports level)",
      "chain/client/x.ts -> ../../cli/main.js (floor: chain imports cli, above it)",
    ]);
  });

  it("lets tools import anything and owners import their SDK", () => {
    const edges = [
      ...importsOf("scripts/bench.ts", 'import "libp2p"; import "../cli/main.js";'),
      ...importsOf("test/e2e/x.test.ts", 'import "@polkadot/api"; import "level";'),
      ...importsOf("node/network/libp2p.ts", 'import "@chainsafe/libp2p-noise"; import "@libp2p/tcp";'),
      ...importsOf("node/store/db.ts", 'import { Level } from "level";'),
    ];
    expect(violationsOf(edges)).toEqual([]);
  });
});
