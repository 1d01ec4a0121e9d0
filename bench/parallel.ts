// N aztoken processes started at once on an expired token. The cache lock plus the re-read inside it should make
// exactly one of them call the token endpoint; the others find the fresh token when they get the lock.
import { copyFileSync } from "node:fs";
import type { Command } from "./process.js";
import { run } from "./process.js";
import type { ExpiredProfile } from "./profiles.js";

export interface ParallelResult {
  processes: number;
  successes: number;
  tokenRequests: number;
  wallMs: number;
  /** stderr (or exit status) of the first failed process, for the report. */
  firstFailure?: string;
}

export async function runParallel(
  command: Command,
  profile: ExpiredProfile,
  countTokenRequests: () => number,
  isGoodOutput: (stdout: string, stderr: string) => boolean,
  processes: number,
): Promise<ParallelResult> {
  copyFileSync(profile.expiredCacheCopy, profile.cacheFile);
  const requestsBefore = countTokenRequests();
  const started = performance.now();
  const outcomes = await Promise.all(Array.from({ length: processes }, () => run(command, 5 * 60_000)));
  const wallMs = performance.now() - started;
  const failures = outcomes.filter((outcome) => outcome.code !== 0 || !isGoodOutput(outcome.stdout, outcome.stderr));
  const first = failures[0];
  return {
    processes,
    successes: processes - failures.length,
    tokenRequests: countTokenRequests() - requestsBefore,
    wallMs,
    ...(first ? { firstFailure: `exit ${first.code ?? first.signal}: ${(first.stderr.trim() || first.stdout.trim()).split("\n")[0]}` } : {}),
  };
}
