import { defineConfig } from "vitest/config";

/**
 * Suites that start a hundred processes at once, or play long simulated jobs through a hundred CLI and az runs;
 * they run alone afterwards (vitest.solo.config.ts), so that they neither starve nor are starved by the rest.
 */
export const SOLO_SUITES = [
  "test/e2e/parallel.test.ts",
  "test/e2e/kubectl-parallel.test.ts",
  "test/e2e/federated-login.test.ts",
  "test/e2e/federated-real-az.test.ts",
];

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...SOLO_SUITES],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The e2e suites spawn many child processes; two cores are the norm here.
    maxWorkers: 2,
  },
});
