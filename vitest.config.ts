import { defineConfig } from "vitest/config";

// Tests start real processes (dev chain, libp2p nodes): generous timeouts, and forks so a
// crashing native module (onnxruntime, level) cannot take the runner down with it.
export default defineConfig({
  test: {
    include: ["**/*.test.ts"],
    // *.node.test.ts need the meshtensor-node binary: `npm run test:node` (vitest.node.config.ts).
    exclude: ["node_modules/**", "chain/target/**", "**/*.node.test.ts"],
    pool: "forks",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    setupFiles: ["./test/setup.ts"],
  },
});
