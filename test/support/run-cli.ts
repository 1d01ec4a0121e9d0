// The one child-process runner of the tests (runProcess), and the built CLI run through it the way callers run
// it: working directory `/`, stdin closed, pipes for stdout and stderr, a minimal environment with a temporary
// HOME and AZURE_CONFIG_DIR.
import { spawn } from "node:child_process";
import { CLI_BIN } from "./paths.js";

export interface CliRun {
  stdout: string;
  stderr: string;
  rc: number;
}

export interface ProcessOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  /** Text written to stdin, which is then closed; absent: stdin is /dev/null. */
  stdin?: string;
  /** SIGKILL after this long (rc 128); default 20 s. */
  timeoutMs?: number;
  /** Sees stderr so far, each time more arrives (to act on a prompt while the process runs). */
  onStderr?: (text: string) => void;
  /** Run as this user and group (POSIX), e.g. to meet permissions as root. */
  uid?: number;
  gid?: number;
}

/** Runs a program without a shell; resolves with its output and exit code (128 when a signal ended it). */
export function runProcess(file: string, args: readonly string[], options: ProcessOptions): Promise<CliRun> {
  return new Promise((resolvePromise, reject) => {
    const stdin = options.stdin === undefined ? "ignore" : "pipe";
    const child = spawn(file, args, {
      cwd: options.cwd,
      env: options.env,
      stdio: [stdin, "pipe", "pipe"],
      ...(options.uid !== undefined ? { uid: options.uid } : {}),
      ...(options.gid !== undefined ? { gid: options.gid } : {}),
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout!.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr.push(chunk);
      options.onStderr?.(Buffer.concat(stderr).toString("utf8"));
    });
    child.stdin?.on("error", () => undefined); // the program may exit without reading stdin
    child.stdin?.end(options.stdin);
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 20_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
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

export interface CliRunOptions {
  home: string;
  configDir?: string;
  env?: Record<string, string>;
  cwd?: string;
  timeoutMs?: number;
  onStderr?: (text: string) => void;
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
  return runProcess(process.execPath, [CLI_BIN, ...args], {
    cwd: options.cwd ?? "/",
    env: cliEnvironment(options),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.onStderr ? { onStderr: options.onStderr } : {}),
    ...(options.uid !== undefined ? { uid: options.uid } : {}),
    ...(options.gid !== undefined ? { gid: options.gid } : {}),
  });
}
