// The process-storm suites, run on their own after the rest so that a loaded machine does not starve them.
import { defineConfig } from "vitest/config";
import { SOLO_SUITES } from "./vitest.config.js";

export default defineConfig({
  test: {
    include: SOLO_SUITES,
    testTimeout: 300_000,
    hookTimeout: 60_000,
    maxWorkers: 1,
  },
});
