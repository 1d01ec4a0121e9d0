import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The e2e suites spawn many child processes; two cores are the norm here.
    maxWorkers: 2,
  },
});
