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

/**
 * What a finished command may leave behind that needs no waiting for: sockets and pipes on their way to closing (a
 * token request's connection; the stderr stream Node itself opens when a socket closes, for a debug check) and the
 * callbacks queued for their close. A child process, a server, a timer or a file operation still pending is waited for.
 */
const CLOSING_RESOURCES = new Set(["TCPSocketWrap", "TLSWrap", "PipeWrap", "TTYWrap", "Immediate"]);

// A promise, not top-level await: dist/ is CommonJS (see scripts/commonjs.mjs).
void runCli(process.argv.slice(2), deps).then((code) => {
  process.exitCode = code;
  // With nothing left to finish (no output queued in a Node stream, nothing pending but closing sockets), exit now:
  // process.exit skips tearing down the heap, which a natural exit does, 5-10 ms of a cache hit and of a refresh.
  // Otherwise the event loop drains first, as usual. Not on Windows, where pipe writes are asynchronous: Node's own
  // stderr stream might still hold a warning.
  const resources = process.getActiveResourcesInfo();
  const finished = process.platform === "win32" ? resources.length === 0 : resources.every((resource) => CLOSING_RESOURCES.has(resource));
  if (stdout.settled && stderr.settled && finished) process.exit(code);
});
