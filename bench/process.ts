// Child processes for the bench: always asynchronous, because the fake Entra ID answers from this process's
// event loop while the children run.
import { spawn } from "node:child_process";

export { findOnPath } from "../test/support/executables.js";

export interface Command {
  file: string;
  args: readonly string[];
  env: Record<string, string>;
  /** Callers run az from `/` or `/bin` (docs/compatibility.md#what-callers-rely-on); a relative path here would be a bug. */
  cwd: string;
}

export interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  wallMs: number;
}

/** Runs one command with stdin closed and stdout/stderr on pipes, as callers of az do. */
export function run(command: Command, timeoutMs = 60_000): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command.file, command.args, { cwd: command.cwd, env: command.env, stdio: ["ignore", "pipe", "pipe"] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => stderr.push(chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({
        code,
        signal,
        stdout: Buffer.concat(stdout).toString("utf8"),
        stderr: Buffer.concat(stderr).toString("utf8"),
        wallMs: performance.now() - started,
      });
    });
  });
}

/** Throws with the command's stderr unless it exited 0. */
export function expectSuccess(label: string, outcome: Outcome): Outcome {
  if (outcome.code !== 0) {
    const why = outcome.signal ? `signal ${outcome.signal}` : `exit ${outcome.code}`;
    throw new Error(`${label}: ${why}\n${outcome.stderr.trim()}`);
  }
  return outcome;
}

export function describe(command: Command): string {
  return [command.file, ...command.args].map((part) => (/^[\w@%+=:,./-]+$/.test(part) ? part : `'${part.replace(/'/g, "'\\''")}'`)).join(" ");
}
