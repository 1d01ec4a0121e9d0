// What a test may assume about the operating system. Windows has no POSIX file modes (every file reads back as
// 0o666 or 0o444), no /bin/sh and no script(1); suites that need them skip there and say why, in one line.
import { statSync } from "node:fs";
import { expect } from "vitest";
import { reportSkip } from "./oracles.js";

export const WINDOWS = process.platform === "win32";

/** For `describe.skipIf(...)`: true on Windows, after printing why `suite` does not run there. */
export function skipOnWindows(suite: string, needs: string): boolean {
  if (WINDOWS) reportSkip(`${suite} on Windows`, `needs ${needs}`);
  return WINDOWS;
}

/** Expects the POSIX permission bits of `path`; on Windows, which has none, there is nothing to check. */
export function expectMode(path: string, mode: number, label?: string): void {
  if (!WINDOWS) expect(statSync(path).mode & 0o777, label).toBe(mode);
}
