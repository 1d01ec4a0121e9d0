import { defineConfig } from "vitest/config";

/** Suites that start a hundred processes at once; they run alone afterwards (vitest.solo.config.ts). */
export const SOLO_SUITES = ["test/e2e/parallel.test.ts", "test/e2e/kubectl-parallel.test.ts"];

/**
 * Suites that drive the POSIX `az` launcher through /bin/sh, as the Go, .NET, Java and JavaScript SDKs do on
 * Linux and macOS; on Windows those callers run the az.cmd launcher, whose text test/unit/shim/scripts.test.ts checks.
 */
const POSIX_SHELL_SUITES = ["test/e2e/shim.test.ts", "test/e2e/clients/*.test.ts", "test/unit/shim/install.test.ts"];
const WINDOWS = process.platform === "win32";
if (WINDOWS) console.warn(`skipping ${POSIX_SHELL_SUITES.join(", ")} on Windows: they need /bin/sh and an executable sh launcher`);

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    exclude: ["**/node_modules/**", ...SOLO_SUITES, ...(WINDOWS ? POSIX_SHELL_SUITES : [])],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // The e2e suites spawn many child processes; two cores are the norm here.
    maxWorkers: 2,
  },
});
