// Process entry: build the real Deps from the process and run the CLI. Nothing else touches process globals.
import type { Deps } from "./infra/deps.js";
import { systemClock } from "./infra/deps.js";
import { builtinModule } from "./infra/builtin.js";
import { fdStream, isTerminal } from "./infra/fd-stream.js";
import { runCli } from "./cli/run.js";

const stdout = fdStream(1, () => process.stdout);
const stderr = fdStream(2, () => process.stderr);
const deps: Deps = {
  io: {
    stdout,
    stderr,
    get stdinIsTTY() {
      return isTerminal(0);
    },
    promptSecret: async (question) => (await import("./infra/password-prompt.js")).promptPassword(question),
  },
  env: process.env,
  clock: systemClock,
  platform: process.platform,
  arch: process.arch,
  execPath: process.execPath,
  // node:os only when neither variable is set (it is not loaded otherwise on a cache hit)
  homeDir: process.env.HOME || process.env.USERPROFILE || builtinModule("node:os").homedir(),
  cwd: process.cwd(),
  http: async (logger) => {
    const { createHttpClient } = await import("./infra/http.js");
    return createHttpClient({ env: process.env, ...(logger ? { logger } : {}) });
  },
  serveHost: async () => (await import("./infra/serve-host.js")).createServeHost(),
};

// A promise, not top-level await: dist/ is CommonJS (see scripts/commonjs.mjs).
void runCli(process.argv.slice(2), deps).then((code) => {
  process.exitCode = code;
  // With nothing left to finish (no active handle or request, no output queued in a Node stream), exit now:
  // process.exit skips tearing down the heap, which a natural exit does, 5-10 ms of a cache hit. Otherwise the
  // event loop drains first, as usual.
  if (stdout.settled && stderr.settled && process.getActiveResourcesInfo().length === 0) process.exit(code);
});
