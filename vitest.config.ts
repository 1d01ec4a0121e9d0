import { defineConfig } from "vitest/config";

/** Suites that start a hundred processes at once; they run alone afterwards (vitest.solo.config.ts). */
export const SOLO_SUITES = ["test/e2e/parallel.test.ts", "test/e2e/kubectl-parallel.test.ts"];

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
