// Turns the measurements into the Markdown report: a header about the machine, then per Node runtime one table
// row per benchmark with its target, then the exact commands.
import { PHASES, type Breakdown } from "./breakdown.js";
import type { CheckedCase } from "./cases.js";
import type { MachineInfo } from "./machine.js";
import type { BenchOptions } from "./options.js";
import type { ParallelCase, ParallelResult } from "./parallel.js";
import type { Timings } from "./runner/index.js";
import { summarise, type Summary } from "./stats.js";
import { markdownTable, type Column } from "./table.js";
import { judgeTarget, parallelOutcome, rssTarget, type Target, type TargetCheck } from "./targets.js";

export interface RuntimeResults {
  /** e.g. v22.12.0 */
  node: string;
  timed: { bench: CheckedCase; timings: Timings }[];
  parallel: { bench: ParallelCase; runs: ParallelResult[] }[];
  rss?: { method: string; mib: number[] };
  breakdown?: Breakdown;
  /** Rows left out on this runtime, with the reason. */
  skipped: string[];
}

export interface BenchResults {
  options: BenchOptions;
  runner: string;
  machine: MachineInfo;
  loadAtEnd: string;
  runtimes: RuntimeResults[];
  azSkipped?: string;
  versions: Record<string, string>;
}

const COLUMNS: Column[] = [
  { title: "benchmark" },
  { title: "median", align: "right" },
  { title: "min–max", align: "right" },
  { title: "stddev", align: "right" },
  { title: "CPU user+sys", align: "right" },
  { title: "× node -e 0", align: "right" },
  { title: "target" },
  { title: "result" },
];

const ms = (value: number) => `${value.toFixed(1)} ms`;
const spread = (summary: Summary, unit: string) => [`${summary.min.toFixed(1)}–${summary.max.toFixed(1)} ${unit}`, `±${summary.stddev.toFixed(1)} ${unit}`];

export function renderReport(results: BenchResults): string {
  const sections = results.runtimes.map((runtime) =>
    [results.runtimes.length > 1 ? `## Node ${runtime.node}\n` : "", runtimeTable(results, runtime), runtime.breakdown ? breakdownTable(runtime.breakdown) : ""].join("\n"),
  );
  return [header(results), ...sections, footer(results)].join("\n");
}

function runtimeTable(results: BenchResults, runtime: RuntimeResults): string {
  const judge = (check: TargetCheck) => [check.target, results.options.smoke ? `not judged (smoke): ${check.measured}` : `${check.verdict === "met" ? "✅ met" : "❌ missed"}: ${check.measured}`];
  const rows: { id: string; label: string; summary: Summary }[] = [
    ...runtime.timed.map(({ bench, timings }) => ({ id: bench.id, label: bench.label, summary: summarise(timings.wallMs) })),
    ...runtime.parallel.map(({ bench, runs }) => ({ id: bench.id, label: bench.label, summary: summarise(runs.map((run) => run.wallMs)) })),
  ];
  const byId = new Map(rows.map((row) => [row.id, row]));
  const floor = byId.get("node")?.summary;
  const relative = (target: Target | undefined, summary: Summary): TargetCheck | undefined => {
    const reference = target && byId.get(target.of);
    return target && reference ? judgeTarget(target, summary, reference) : undefined;
  };

  const table = runtime.timed.map(({ bench, timings }) => {
    const summary = byId.get(bench.id)!.summary;
    const check = relative(bench.target, summary);
    return [
      `${bench.label} (n=${summary.count})`,
      ms(summary.median),
      ...spread(summary, "ms"),
      timings.cpuMs === undefined ? "—" : ms(timings.cpuMs),
      floor ? `${(summary.median / floor.median).toFixed(2)}×` : "—",
      ...(check ? judge(check) : ["—", bench.id === "node" || bench.id === "node-fake-ca" ? "the floor" : "reference"]),
    ];
  });
  if (runtime.rss && runtime.rss.mib.length > 0) {
    const rss = summarise(runtime.rss.mib);
    table.push([`peak RSS, cache hit tsv (n=${rss.count})`, `${rss.median.toFixed(1)} MiB`, ...spread(rss, "MiB"), "—", "—", ...judge(rssTarget(rss))]);
  }
  for (const { bench, runs } of runtime.parallel) {
    const summary = byId.get(bench.id)!.summary;
    const outcome = parallelOutcome(runs, bench.expectedTokenRequests);
    const timing = relative(bench.target, summary);
    // Correctness (every caller ok, the expected number of token requests) and the timing target in one cell.
    const check: TargetCheck = timing
      ? { target: `${timing.target}; ${outcome.target}`, verdict: timing.verdict === "met" && outcome.verdict === "met" ? "met" : "missed", measured: `${timing.measured}; ${outcome.measured}` }
      : outcome;
    table.push([`${bench.label} (n=${summary.count})`, ms(summary.median), ...spread(summary, "ms"), "—", "—", ...judge(check)]);
  }
  const skipped = runtime.skipped.map((reason) => `\n- skipped: ${reason}`).join("");
  return markdownTable(COLUMNS, table) + skipped;
}

function breakdownTable(breakdown: Breakdown): string {
  const rows = PHASES.map(([phase, what]) => [phase, ms(breakdown.phases[phase]), what]);
  rows.push(["total", ms(breakdown.totalMs), "process start to exit"]);
  return `\nRefresh breakdown (medians of ${breakdown.runs} runs with a timing preload, which adds a little to each phase):\n\n${markdownTable(BREAKDOWN_COLUMNS, rows)}`;
}

const BREAKDOWN_COLUMNS: Column[] = [{ title: "phase" }, { title: "median", align: "right" }, { title: "what" }];

function header({ machine, options, runner, loadAtEnd, versions, runtimes }: BenchResults): string {
  const tools = Object.entries(versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(", ");
  return [
    `# aztoken benchmark${options.smoke ? " (smoke run: few iterations, targets not judged)" : ""}`,
    "",
    `- date: ${machine.date}`,
    `- machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}`,
    `- node ${runtimes.map((runtime) => runtime.node).join(", ")}${tools ? `; ${tools}` : ""}`,
    `- runner: ${runner}; ${options.rounds} round(s), every case once per round so load changes hit all alike`,
    `- load average (1/5/15 min): ${machine.loadAtStart} at start, ${loadAtEnd} at end`,
    "",
  ].join("\n");
}

function footer(results: BenchResults): string {
  const first = results.runtimes[0];
  const lines = ["", "Commands (cwd `/`, stdin closed, stdout a pipe, `TZ=UTC`, temporary `HOME` and `AZURE_CONFIG_DIR` with the `user` fixture):", ""];
  for (const { bench } of first?.timed ?? []) lines.push(`- ${bench.label}: \`${bench.display}\`${bench.note ? ` (${bench.note})` : ""}`);
  if (first?.rss) lines.push(`- peak RSS: the cache hit tsv command, measured with ${first.rss.method}`);
  lines.push("- parallel: the cache-hit tsv command N times at once on one valid, then one expired token (the cache reset before each expired run); token requests counted by the fake Entra ID");
  if (results.azSkipped) lines.push(`- az: skipped (${results.azSkipped})`);
  for (const runtime of results.runtimes) {
    for (const { bench, runs } of runtime.parallel) {
      for (const run of runs.filter((run) => run.firstFailure)) {
        lines.push(`- ${runtime.node} ${bench.label}: ${run.processes - run.successes} of ${run.processes} processes failed, ${run.tokenRequests} token requests; first: ${run.firstFailure}`);
      }
    }
  }
  return lines.join("\n") + "\n";
}
