import { defineConfig } from "vitest/config";

// The meshtensor-node suite (`npm run test:node`): the same real-process tests, against the
// node binary that scripts/build-node.sh builds. Kept out of `npm test` so the default suite
// needs no hour-long Rust build; CI runs both, and a missing binary fails here, never skips.
export default defineConfig({
  test: {
    include: ["**/*.node.test.ts"],
    exclude: ["node_modules/**", "chain/target/**"],
    pool: "forks",
    // One node network at a time: each test runs several processes on a 2-core machine.
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 240_000,
    setupFiles: ["./test/setup.ts"],
  },
});
