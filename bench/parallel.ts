// N aztoken processes started at once on one token, valid or expired. On an expired token the cache lock plus the
// re-read inside it should make exactly one of them call the token endpoint (the others find the fresh token
// when they get the lock); on a valid one nobody calls it. The two walls compare what the lock costs.
import { copyFileSync } from "node:fs";
import { freemem } from "node:os";
import { aztokenCommand, profileEnv, TOKEN_TSV_ARGS, type CliCaseContext } from "./cases.js";
import type { Command } from "./process.js";
import { run } from "./process.js";
import type { ExpiredProfile, Profile } from "./profiles.js";
import { PARALLEL_MAX_RATIO, type Target } from "./targets.js";

export interface ParallelCase {
  id: string;
  label: string;
  processes: number;
  command: Command;
  /** Copied over the cache before each run (the expired case); the valid case's cache is only read. */
  reset?: { from: string; to: string };
  expectedTokenRequests: number;
  target?: Target;
}

export interface ParallelResult {
  processes: number;
  successes: number;
  tokenRequests: number;
  wallMs: number;
  /** stderr (or exit status) of the first failed process, for the report. */
  firstFailure?: string;
}

export function parallelCases(context: CliCaseContext, profiles: { valid: Profile; expired: ExpiredProfile }, sizes: readonly number[]): ParallelCase[] {
  // Both through the fake Entra ID's environment, so they differ only in the token's state.
  const command = (profile: Profile) => aztokenCommand(context, TOKEN_TSV_ARGS, profileEnv(profile, context.fakeEnv));
  return sizes.flatMap((processes) => {
    const validId = `parallel-valid-${processes}`;
    return [
      { id: validId, label: `${processes} parallel callers, valid token, wall`, processes, command: command(profiles.valid), expectedTokenRequests: 0 },
      {
        id: `parallel-expired-${processes}`,
        label: `${processes} parallel callers, expired token, wall`,
        processes,
        command: command(profiles.expired),
        reset: { from: profiles.expired.expiredCacheCopy, to: profiles.expired.cacheFile },
        expectedTokenRequests: 1,
        target: { kind: "ratio", of: validId, max: PARALLEL_MAX_RATIO },
      },
    ];
  });
}

/**
 * About what one waiting aztoken process takes from the machine's available memory (measured: 50 processes waiting
 * on the cache lock took 9.3 MiB each; the Node binary's pages are shared), with room to spare; a run that would not
 * fit in free memory (with half again as much headroom) is skipped.
 */
const MIB_PER_PROCESS = 12;

export function memoryShortfall(processes: number): string | undefined {
  const neededMiB = processes * MIB_PER_PROCESS;
  const freeMiB = Math.floor(freemem() / 2 ** 20);
  return freeMiB < neededMiB * 1.5 ? `${processes} processes need about ${neededMiB} MiB; ${freeMiB} MiB free` : undefined;
}

export async function runParallel(
  bench: ParallelCase,
  countTokenRequests: () => Promise<number>,
  isGoodOutput: (stdout: string, stderr: string) => boolean,
): Promise<ParallelResult> {
  if (bench.reset) copyFileSync(bench.reset.from, bench.reset.to);
  const requestsBefore = await countTokenRequests();
  const started = performance.now();
  const outcomes = await Promise.all(Array.from({ length: bench.processes }, () => run(bench.command, 10 * 60_000)));
  const wallMs = performance.now() - started;
  const failures = outcomes.filter((outcome) => outcome.code !== 0 || !isGoodOutput(outcome.stdout, outcome.stderr));
  const first = failures[0];
  return {
    processes: bench.processes,
    successes: bench.processes - failures.length,
    tokenRequests: (await countTokenRequests()) - requestsBefore,
    wallMs,
    ...(first ? { firstFailure: `exit ${first.code ?? first.signal}: ${(first.stderr.trim() || first.stdout.trim()).split("\n")[0]}` } : {}),
  };
}
