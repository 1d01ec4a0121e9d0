// Diagnostics on stderr, with az's prefixes. Warnings are dropped by --only-show-errors; INFO needs --verbose,
// DEBUG needs --debug. Every message passes through redact() so secrets cannot leak through a log line.
import type { OutputStream } from "../infra/deps.js";
import { redact } from "./redact.js";

export type LogLevel = "error" | "warning" | "info" | "debug";

export interface Logger {
  warning(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  readonly debugEnabled: boolean;
}

export function createLogger(stderr: OutputStream, options: { onlyShowErrors: boolean; verbose: boolean; debug: boolean }): Logger {
  const write = (prefix: string, message: string) => stderr.write(`${prefix}: ${redact(message)}\n`);
  return {
    debugEnabled: options.debug,
    warning(message) {
      if (!options.onlyShowErrors) write("WARNING", message);
    },
    info(message) {
      if (options.verbose || options.debug) write("INFO", message);
    },
    debug(message) {
      if (options.debug) write("DEBUG", message);
    },
  };
}
