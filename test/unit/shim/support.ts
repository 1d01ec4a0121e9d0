// Shared by the shim unit and e2e tests: temporary directories, stub executables, and running a launcher the
// way the SDKs do (working directory /bin, a minimal environment, stdin closed or piped).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runProcess, type CliRun } from "../../support/run-cli.js";

/** Directories made by `tempDir`, removed by `removeTempDirs` (call it in afterAll). */
const made: string[] = [];

export function tempDir(prefix = "aztoken-shim-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export function writeExecutable(path: string, text: string): string {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
  return path;
}

/** A stand-in Azure CLI: prints `stub-az`, each argument as <arg> on its own line, then stdin; exits with `rc`. */
export function writeStubAz(dir: string, rc = 0): string {
  mkdirSync(dir, { recursive: true });
  return writeExecutable(
    join(dir, "az"),
    `#!/bin/sh\necho stub-az\nfor arg in "$@"; do printf '<%s>\\n' "$arg"; done\ncat 2>/dev/null\nexit ${rc}\n`,
  );
}

/** A stand-in for node: prints `aztoken`, then the arguments after the script path as <arg> lines. */
export function writeFakeNode(dir: string): string {
  return writeExecutable(join(dir, "fake-node"), `#!/bin/sh\necho aztoken\nshift\nfor arg in "$@"; do printf '<%s>\\n' "$arg"; done\n`);
}

/** The lines a stub prints for these arguments. */
export function argLines(args: readonly string[]): string {
  return args.map((arg) => `<${arg}>\n`).join("");
}

export type Run = CliRun;

export interface RunOptions {
  /** PATH for the child; the caller's minimal default is /usr/bin:/usr/local/bin. */
  path: string;
  env?: Record<string, string>;
  /** Text piped to stdin; absent: stdin is closed before the command runs. */
  stdin?: string;
  /** The child is killed after this long (a launcher that loops). Default 20 s. */
  timeoutMs?: number;
}

/**
 * Runs `command` through `/bin/sh -c`, as Go and .NET run az, from /bin. Closing fd 0 in the shell gives the
 * launcher a truly closed stdin, which spawn's "ignore" (/dev/null) would not.
 */
export function runShell(command: string, options: RunOptions): Promise<Run> {
  const script = options.stdin === undefined ? `exec 0<&-; ${command}` : command;
  const env = { PATH: options.path, AZURE_CORE_NO_COLOR: "true", ...options.env };
  return runProcess("/bin/sh", ["-c", script], {
    cwd: "/bin",
    env,
    ...(options.stdin === undefined ? {} : { stdin: options.stdin }),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
}

/** Quotes one argument for `sh -c` command text. */
export function sq(arg: string): string {
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
