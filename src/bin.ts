// Process entry: build the real Deps from the process and run the CLI. Nothing else touches process globals.
import { homedir } from "node:os";
import { isatty } from "node:tty";
import type { Deps, OutputStream } from "./infra/deps.js";
import { systemClock } from "./infra/deps.js";
import { runCli } from "./cli/run.js";

function stream(target: NodeJS.WriteStream): OutputStream {
  return {
    write: (text) => void target.write(text),
    get isTTY() {
      return target.isTTY === true;
    },
  };
}

const deps: Deps = {
  io: { stdout: stream(process.stdout), stderr: stream(process.stderr), stdinIsTTY: isatty(0) },
  env: process.env,
  clock: systemClock,
  platform: process.platform,
  homeDir: process.env.HOME || process.env.USERPROFILE || homedir(),
  http: async (logger) => {
    const { createHttpClient } = await import("./infra/http.js");
    return createHttpClient({ env: process.env, ...(logger ? { logger } : {}) });
  },
};

// A promise, not top-level await: dist/ is CommonJS (see scripts/commonjs.mjs).
void runCli(process.argv.slice(2), deps).then((code) => {
  process.exitCode = code;
});
