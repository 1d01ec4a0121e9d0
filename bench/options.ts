// How much to measure. The full run takes a few minutes; AZTOKEN_BENCH_SMOKE=1 is CI's quick check that every
// row still runs (few iterations, targets shown but not judged).

export interface BenchOptions {
  smoke: boolean;
  /** Every case is measured once per round, so load changes on the machine hit all cases alike. */
  rounds: number;
  /** Runs per case per round: quick cases, the refresh, and az (about a second each). */
  runs: { quick: number; refresh: number; az: number };
  /** Warm-up runs before each batch; the first round gets more. */
  warmups: { first: number; later: number };
  parallel: { processes: number; repetitions: number };
  rssRuns: number;
  /** Where the Markdown goes; smoke runs only print unless AZTOKEN_BENCH_OUT is set. */
  outFile?: string;
}

export function benchOptions(env: NodeJS.ProcessEnv, defaultOutFile: string): BenchOptions {
  const smoke = env.AZTOKEN_BENCH_SMOKE === "1" || env.AZTOKEN_BENCH_SMOKE === "true";
  const outFile = env.AZTOKEN_BENCH_OUT || (smoke ? undefined : defaultOutFile);
  const common = { smoke, parallel: { processes: 100, repetitions: smoke ? 1 : 2 }, ...(outFile ? { outFile } : {}) };
  return smoke
    ? { ...common, rounds: 1, runs: { quick: 3, refresh: 2, az: 2 }, warmups: { first: 1, later: 1 }, rssRuns: 1 }
    : { ...common, rounds: 3, runs: { quick: 10, refresh: 7, az: 4 }, warmups: { first: 3, later: 1 }, rssRuns: 5 };
}

export function runsFor(options: BenchOptions, caseId: string): number {
  if (caseId === "refresh") return options.runs.refresh;
  if (caseId === "az") return options.runs.az;
  return options.runs.quick;
}
