// `npm run bench`: times whole aztoken processes against Node's own start-up, the refresh path, 100 concurrent
// refreshes and the real az, all in one run so the ratios are fair on a noisy machine; prints the Markdown table
// and writes it to bench/results.md. Fails only when something is broken (a non-zero exit, wrong output), never
// because of a timing. AZTOKEN_BENCH_SMOKE=1: quick run for CI. See options.ts and runner/index.ts for the knobs.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startFakeEntra, type FakeEntra } from "../test/support/fake-entra/index.js";
import { azCase } from "./az.js";
import { execCredentialCase } from "./exec-credential.js";
import { aztokenCommand, cliCases, outputProblem, profileEnv, TOKEN_TSV_ARGS, type CheckedCase, type CliCaseContext } from "./cases.js";
import { loadAverage, machineInfo } from "./machine.js";
import { benchOptions, runsFor, type BenchOptions } from "./options.js";
import { runParallel, type ParallelResult } from "./parallel.js";
import { expectSuccess, run } from "./process.js";
import { createExpiredProfile, createProfile, type ExpiredProfile } from "./profiles.js";
import { findRepoRoot, snapshotBuild } from "./repo.js";
import { renderReport } from "./report.js";
import { chooseRssProbe } from "./rss.js";
import { chooseRunner, mergeTimings, type Timings } from "./runner/index.js";

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

async function main(): Promise<void> {
  const repoRoot = findRepoRoot();
  const options = benchOptions(process.env, join(repoRoot, "bench", "results.md"));
  const machine = machineInfo();
  const tmp = mkdtempSync(join(tmpdir(), "aztoken-bench-"));
  const fake = await startFakeEntra();
  try {
    const context: CliCaseContext = {
      node: process.execPath,
      bin: snapshotBuild(repoRoot, join(tmp, "build")),
      hit: createProfile(join(tmp, "hit")),
      refresh: createExpiredProfile(join(tmp, "refresh")),
      fakeEnv: fake.env,
    };
    const cases = [...cliCases(context), execCredentialCase(context)];
    const az = await azCase({ home: join(tmp, "az"), fake });
    if (az.bench) cases.push(az.bench);
    else log(`no az row: ${az.skipped}`);
    for (const bench of cases) await checkCase(bench);

    const runner = chooseRunner();
    const timed = await timeCases(cases, options, runner.measure.bind(runner));
    const rss = await measureRss(cases.find((bench) => bench.id === "hit-tsv")!, options, tmp);
    const parallelProfile = createExpiredProfile(join(tmp, "parallel"));
    const parallel = await measureParallel(context, parallelProfile, cases.find((bench) => bench.id === "refresh")!, fake, options);

    const versions: Record<string, string> = az.version ? { az: az.version } : {};
    const report = renderReport({ options, runner: runner.name, machine, loadAtEnd: loadAverage(), timed, rss, parallel, versions, ...(az.skipped ? { azSkipped: az.skipped } : {}) });
    process.stdout.write(`\n${report}`);
    if (options.outFile) {
      writeFileSync(options.outFile, report);
      log(`wrote ${options.outFile}`);
    }
    // Failed processes are in the report; they still fail the run, after the table is out.
    const failed = parallel.filter((result) => result.firstFailure);
    if (failed.length > 0) throw new Error(`parallel runs with failed processes: ${failed.map((result) => `${result.processes - result.successes}/${result.processes}`).join(", ")}`);
  } finally {
    await fake.close();
    rmSync(tmp, { recursive: true, force: true });
  }
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

async function measureParallel(context: CliCaseContext, profile: ExpiredProfile, refresh: CheckedCase, fake: FakeEntra, options: BenchOptions): Promise<ParallelResult[]> {
  const command = aztokenCommand(context, TOKEN_TSV_ARGS, profileEnv(profile, fake.env));
  const good = (stdout: string, stderr: string) => outputProblem(refresh, stdout, stderr) === undefined;
  const results: ParallelResult[] = [];
  for (let index = 0; index < options.parallel.repetitions; index++) {
    log(`${options.parallel.processes} processes at once on an expired token (${index + 1}/${options.parallel.repetitions})`);
    const result = await runParallel(command, profile, () => fake.log.countTokenRequests(), good, options.parallel.processes);
    log(`${result.successes}/${result.processes} ok, ${result.tokenRequests} token request(s), ${Math.round(result.wallMs)} ms`);
    results.push(result);
  }
  return results;
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
