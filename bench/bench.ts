// `npm run bench`: times whole aztoken processes against Node's own start-up (the cache hit, the refresh path,
// profiles that grew, parallel callers on a valid and an expired token, and the real az) in one run so the ratios
// are fair on a noisy machine, on each Node asked for; prints the Markdown tables and writes them to
// bench/results.md. Fails only when something is broken (a non-zero exit, wrong output, a wrong number of token
// requests), never because of a timing. AZTOKEN_BENCH_SMOKE=1: quick run for CI. See options.ts for the flags.
//
// Adding a row: a function returning CheckedCase[] (or ParallelCase[]) from the CliCaseContext, listed in
// processCases() below; its `target` names the row it is judged against.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeEntra, type FakeEntra } from "../test/support/fake-entra/index.js";
import { spawnFakeEntra } from "../test/support/fake-entra/control-client.js";
import { azCase } from "./az.js";
import { measureRefreshBreakdown } from "./breakdown.js";
import { hitCases, outputProblem, refreshCases, type CheckedCase, type CliCaseContext } from "./cases.js";
import { execCredentialCase } from "./exec-credential.js";
import { createGrownProfiles, grownCases, type GrownProfiles } from "./grown.js";
import { loadAverage, machineInfo } from "./machine.js";
import { resolveRuntimes, type NodeRuntime } from "./nodes.js";
import { benchOptions, runsFor, type BenchOptions } from "./options.js";
import { memoryShortfall, parallelCases, runParallel, type ParallelCase, type ParallelResult } from "./parallel.js";
import { expectSuccess, run } from "./process.js";
import { createExpiredProfile, createProfile, type ExpiredProfile, type Profile } from "./profiles.js";
import { findRepoRoot, snapshotBuild } from "./repo.js";
import { renderReport, type RuntimeResults } from "./report.js";
import { chooseRssProbe } from "./rss.js";
import { chooseRunner, mergeTimings, type Runner, type Timings } from "./runner/index.js";
import { measureServe, renderServeSection } from "./serve.js";

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

interface Setup {
  options: BenchOptions;
  tmp: string;
  bin: string;
  fake: FakeEntra;
  runner: Runner;
  profiles: { hit: Profile; refresh: ExpiredProfile; parallel: ExpiredProfile; grown: GrownProfiles };
}

async function main(): Promise<void> {
  const repoRoot = findRepoRoot();
  const options = benchOptions(process.env, join(repoRoot, "bench", "results.md"), process.argv.slice(2));
  const machine = machineInfo();
  const tmp = mkdtempSync(join(tmpdir(), "aztoken-bench-"));
  const fake = await startFakeEntra();
  try {
    const runtimes = resolveRuntimes(options.nodes, log);
    log("writing the profiles");
    const setup: Setup = {
      options,
      tmp,
      bin: snapshotBuild(repoRoot, join(tmp, "build")),
      fake,
      runner: chooseRunner(),
      profiles: {
        hit: createProfile(join(tmp, "hit")),
        refresh: createExpiredProfile(join(tmp, "refresh")),
        parallel: createExpiredProfile(join(tmp, "parallel")),
        grown: createGrownProfiles(join(tmp, "grown"), options),
      },
    };
    const az = await azCase({ home: join(tmp, "az"), fake });
    if (!az.bench) log(`no az row: ${az.skipped}`);

    const results: RuntimeResults[] = [];
    for (const [index, runtime] of runtimes.entries()) {
      results.push(await measureRuntime(setup, runtime, index === 0 ? az.bench : undefined, index === 0));
    }

    const serve = await measureServe({ node: process.execPath, bin: setup.bin, ...setup.profiles.hit, fakeEnv: fake.env, smoke: options.smoke }, log);

    const versions: Record<string, string> = az.version ? { az: az.version } : {};
    const report =
      renderReport({ options, runner: setup.runner.name, machine, loadAtEnd: loadAverage(), runtimes: results, versions, ...(az.skipped ? { azSkipped: az.skipped } : {}) }) +
      renderServeSection(serve, options.smoke);
    process.stdout.write(`\n${report}`);
    if (options.outFile) {
      writeFileSync(options.outFile, report);
      log(`wrote ${options.outFile}`);
    }
    // Failed processes and wrong request counts are in the report; they still fail the run, after the table is out.
    const wrong = results.flatMap((runtime) =>
      runtime.parallel.flatMap(({ bench, runs }) =>
        runs.filter((one) => one.firstFailure || one.tokenRequests !== bench.expectedTokenRequests).map((one) => `${runtime.node} ${bench.label}: ${one.successes}/${one.processes} ok, ${one.tokenRequests} token requests`),
      ),
    );
    if (wrong.length > 0) throw new Error(`parallel runs went wrong: ${wrong.join("; ")}`);
  } finally {
    await fake.close();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The single-process rows, in table order. */
function processCases(context: CliCaseContext, setup: Setup): CheckedCase[] {
  return [...hitCases(context), execCredentialCase(context), ...refreshCases(context), ...grownCases(context, setup.profiles.grown)];
}

async function measureRuntime(setup: Setup, runtime: NodeRuntime, az: CheckedCase | undefined, withRss: boolean): Promise<RuntimeResults> {
  const { profiles, options } = setup;
  log(`node ${runtime.version} (${runtime.path})`);
  const context: CliCaseContext = { node: runtime.path, bin: setup.bin, hit: profiles.hit, refresh: profiles.refresh, fakeEnv: setup.fake.env };
  const cases = processCases(context, setup);
  if (az) cases.push(az);
  for (const bench of cases) await checkCase(bench);

  const timed = await timeCases(cases, options, setup.runner.measure.bind(setup.runner));
  const rss = withRss ? await measureRss(cases.find((bench) => bench.id === "hit-tsv")!, options, setup.tmp) : undefined;
  log(`refresh breakdown, ${options.runs.refresh} runs`);
  const breakdown = await measureRefreshBreakdown(cases.find((bench) => bench.id === "refresh")!, options.runs.refresh, setup.tmp);
  const skipped: string[] = [];
  // The parallel rows use a fake Entra ID in a process of its own, as a real identity provider is: spawning a
  // hundred children blocks this process's event loop for seconds at a time (each spawn is synchronous, and
  // slow while the earlier children take both cores), and an in-process fake could not answer the one token
  // request meanwhile, which measured the bench's own spawn loop instead of aztoken (20 s instead of 9 s).
  const fake = await spawnFakeEntra({ command: [process.execPath, join(setup.bin, "..", "..", "dist", "fake-entra.js")] });
  let parallel: Awaited<ReturnType<typeof measureParallel>>;
  try {
    const parallelContext = { ...context, fakeEnv: fake.info.env };
    parallel = await measureParallel(parallelCases(parallelContext, { valid: profiles.hit, expired: profiles.parallel }, options.parallel.processes), () => fake.countTokenRequests(), options, skipped);
  } finally {
    await fake.stop();
  }
  return { node: runtime.version, timed, parallel, ...(rss ? { rss } : {}), breakdown, skipped };
}

/** One run before timing: it must exit 0 and print what a caller expects, or the numbers mean nothing. */
async function checkCase(bench: CheckedCase): Promise<void> {
  if (bench.reset) copyFileSync(bench.reset.from, bench.reset.to);
  const outcome = expectSuccess(bench.label, await run(bench.command));
  const problem = outputProblem(bench, outcome.stdout, outcome.stderr);
  if (problem) throw new Error(`${bench.label}: ${problem}`);
}

type Measure = (bench: CheckedCase, runs: number, warmups: number) => Promise<Timings>;

/** Round-robin: every case once per round, so a burst of load from elsewhere hits all of them alike. */
async function timeCases(cases: CheckedCase[], options: BenchOptions, measure: Measure): Promise<{ bench: CheckedCase; timings: Timings }[]> {
  const batches = new Map<string, Timings[]>(cases.map((bench) => [bench.id, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (const bench of cases) {
      const runs = runsFor(options, bench.id);
      log(`round ${round + 1}/${options.rounds}: ${bench.label}, ${runs} runs`);
      batches.get(bench.id)!.push(await measure(bench, runs, round === 0 ? options.warmups.first : options.warmups.later));
    }
  }
  return cases.map((bench) => ({ bench, timings: mergeTimings(batches.get(bench.id)!) }));
}

async function measureRss(hit: CheckedCase, options: BenchOptions, tmp: string): Promise<{ method: string; mib: number[] }> {
  const probe = await chooseRssProbe(tmp);
  log(`peak RSS with ${probe.method}, ${options.rssRuns} runs`);
  const mib: number[] = [];
  for (let index = 0; index < options.rssRuns; index++) mib.push(await probe.measure(hit.command));
  return { method: probe.method, mib };
}

/** Valid and expired alternate, repetition by repetition, so both see the same machine. */
async function measureParallel(
  cases: ParallelCase[],
  countTokenRequests: () => Promise<number>,
  options: BenchOptions,
  skipped: string[],
): Promise<{ bench: ParallelCase; runs: ParallelResult[] }[]> {
  const tokenLine = { expect: "token", quietStderr: true } as CheckedCase;
  const good = (stdout: string, stderr: string) => outputProblem(tokenLine, stdout, stderr) === undefined;
  const runnable = cases.filter((bench) => {
    const shortfall = memoryShortfall(bench.processes);
    if (shortfall) skipped.push(`${bench.label}: ${shortfall}`);
    return !shortfall;
  });
  const results = runnable.map((bench) => ({ bench, runs: [] as ParallelResult[] }));
  for (let index = 0; index < options.parallel.repetitions; index++) {
    for (const { bench, runs } of results) {
      log(`${bench.label} (${index + 1}/${options.parallel.repetitions})`);
      const result = await runParallel(bench, countTokenRequests, good);
      log(`${result.successes}/${result.processes} ok, ${result.tokenRequests} token request(s), ${Math.round(result.wallMs)} ms`);
      runs.push(result);
    }
  }
  return results;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
