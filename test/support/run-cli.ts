// Runs the built CLI as a child process the way callers do: working directory `/`, stdin closed, pipes for
// stdout and stderr, a minimal environment with a temporary HOME and AZURE_CONFIG_DIR.
import { spawn } from "node:child_process";
import { CLI_BIN } from "./paths.js";

export interface CliRun {
  stdout: string;
  stderr: string;
  rc: number;
}

export interface CliRunOptions {
  home: string;
  configDir?: string;
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  /** Run as this user and group (POSIX), e.g. to meet permissions as root. */
  uid?: number;
  gid?: number;
}

/** The minimal environment callers give az: a temporary HOME, TZ=UTC, and no way off the machine. */
export function cliEnvironment(options: CliRunOptions): Record<string, string> {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: options.home,
    TZ: "UTC",
    // Any stray network attempt fails at once instead of leaving the machine.
    HTTPS_PROXY: "http://127.0.0.1:9",
    HTTP_PROXY: "http://127.0.0.1:9",
    ...(options.configDir ? { AZURE_CONFIG_DIR: options.configDir } : {}),
    ...options.env,
  };
}

export function runCliProcess(args: readonly string[], options: CliRunOptions): Promise<CliRun> {
  const env = cliEnvironment(options);
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, ...args], {
      cwd: options.cwd ?? "/",
      env,
      stdio: ["ignore", "pipe", "pipe"],
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 20_000);
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolvePromise({
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        rc: code ?? (signal ? 128 : 1),
      });
    });
  });
}
