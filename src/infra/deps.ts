// The seams: everything a command touches outside pure computation comes through Deps, so tests can run
// every path in-process (memory IO, fixed clock, temp config dir, stub HTTP) as well as end to end.
import type { HttpClient } from "./http-types.js";
import type { Logger } from "../core/logger.js";
import type { ServeHost } from "./serve-types.js";

export interface OutputStream {
  write(text: string): void;
  readonly isTTY: boolean;
}

export interface IO {
  stdout: OutputStream;
  stderr: OutputStream;
  /** True when stdin is an interactive terminal; az prompts only then (and we never do on the token path). */
  stdinIsTTY: boolean;
  /** Asks on the terminal (stdin, echoed question on stderr) without echoing the answer; only when stdinIsTTY. */
  promptSecret(question: string): Promise<string>;
}

export interface Clock {
  /** Milliseconds since the epoch, fractional allowed. */
  now(): number;
}

export type Env = Readonly<Record<string, string | undefined>>;

export interface Deps {
  io: IO;
  env: Env;
  clock: Clock;
  platform: NodeJS.Platform;
  /** The processor architecture (process.arch), which token requests report as az's MSAL does. */
  arch: string;
  /** The node executable running aztoken (what the az launcher written by `shim install` runs). */
  execPath: string;
  /** Home directory used when AZURE_CONFIG_DIR is not set. */
  homeDir: string;
  /** The working directory, against which relative paths given on the command line resolve. */
  cwd: string;
  /** Lazily created: the cache-hit path never builds an HTTP client. The logger gets --debug request lines. */
  http(logger?: Logger): Promise<HttpClient>;
  /** Lazily loaded: listening sockets, signals, timers and background starts, for `serve` only. */
  serveHost(): Promise<ServeHost>;
}

export const systemClock: Clock = { now: () => Date.now() };
