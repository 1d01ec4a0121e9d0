// Diagnostics on stderr, with az's prefixes. Warnings are dropped by --only-show-errors; INFO needs --verbose,
// DEBUG needs --debug. Every message passes through redact() so secrets cannot leak through a log line.
import type { OutputStream } from "../infra/deps.js";
import { redact } from "./redact.js";
import { escapeControlCharacters } from "./terminal-text.js";

export type LogLevel = "error" | "warning" | "info" | "debug";

export interface Logger {
  warning(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  readonly debugEnabled: boolean;
}

/**
 * A log line as az's logger formats it: `LEVEL: message`, or on a terminal the message alone in the level's
 * colour (knack hides level names when it colours; az's dark theme sets error and warning). Raw escapes rather
 * than chalk: chalk closes with `ESC[39m`, az with a full reset `ESC[0m`.
 */
const LEVEL_COLOURS: Record<LogLevel, string> = { error: "\x1b[91m", warning: "\x1b[93m", info: "\x1b[32m", debug: "\x1b[36m" };
const RESET = "\x1b[0m";

export function formatLogLine(level: LogLevel, message: string, colour: boolean): string {
  const text = escapeControlCharacters(message); // messages quote servers; our own colour codes come after
  return colour ? `${LEVEL_COLOURS[level]}${text}${RESET}` : `${level.toUpperCase()}: ${text}`;
}

export function createLogger(
  stderr: OutputStream,
  options: { onlyShowErrors: boolean; verbose: boolean; debug: boolean; colour?: boolean },
): Logger {
  const write = (level: LogLevel, message: string) => stderr.write(`${formatLogLine(level, redact(message), options.colour === true)}\n`);
  return {
    debugEnabled: options.debug,
    warning(message) {
      if (!options.onlyShowErrors) write("warning", message);
    },
    info(message) {
      if (options.verbose || options.debug) write("info", message);
    },
    debug(message) {
      if (options.debug) write("debug", message);
    },
  };
}
