// The built CLI's `serve` as a child process for the e2e tests: started in the foreground (its stdout is the
// env file, its stderr the request log) or through --print-env; and the clients' environment, which holds only
// what serve printed (no proxy: the clients talk to serve on loopback, serve talks to the fake Entra ID).
import { spawn, type ChildProcessByStdio } from "node:child_process";
import type { Readable } from "node:stream";
import { parseEnvFile } from "../support/env-file.js";
import { CLI_BIN } from "../support/paths.js";
import type { TempProfile } from "../support/profile-fixture.js";
import { cliEnvironment } from "../support/run-cli.js";

export interface ServeProcess {
  vars: Record<string, string>;
  child: ChildProcessByStdio<null, Readable, Readable>;
  stderr(): string;
  /** Sends `signal`; resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export function startServeProcess(args: readonly string[], where: TempProfile, env: Record<string, string>): Promise<ServeProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, "serve", ...args], {
      cwd: "/",
      env: cliEnvironment({ home: where.home, configDir: where.configDir, env }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    const exited = new Promise<number | null>((done) => child.on("close", (code) => done(code)));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!stdout.includes("AZD_AUTH_KEY=") || !stdout.endsWith("\n")) return;
      resolve({
        vars: parseEnvFile(stdout),
        child,
        stderr: () => stderr,
        stop(signal = "SIGTERM") {
          child.kill(signal);
          return exited;
        },
      });
    });
    void exited.then((code) => reject(new Error(`serve exited (${code}) before it was ready: ${stderr}`)));
  });
}

/** What a client process sees: serve's variables, a temporary HOME, and nothing that points at the network. */
export function clientEnvironment(vars: Record<string, string>, home: string): Record<string, string> {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: home, TZ: "UTC", ...vars };
}
