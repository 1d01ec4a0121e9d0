// Turns the measurements into the Markdown report: a header about the machine, one table row per benchmark
// with its target, then the exact commands.
import type { CheckedCase } from "./cases.js";
import type { MachineInfo } from "./machine.js";
import type { BenchOptions } from "./options.js";
import type { ParallelResult } from "./parallel.js";
import type { Timings } from "./runner/index.js";
import { summarise, type Summary } from "./stats.js";
import { markdownTable, type Column } from "./table.js";
import { cacheHitTarget, parallelTarget, refreshTarget, rssTarget, type TargetCheck } from "./targets.js";

export interface BenchResults {
  options: BenchOptions;
  runner: string;
  machine: MachineInfo;
  loadAtEnd: string;
  timed: { bench: CheckedCase; timings: Timings }[];
  rss: { method: string; mib: number[] };
  parallel: ParallelResult[];
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

export function renderReport(results: BenchResults): string {
  const summaries = new Map(results.timed.map(({ bench, timings }) => [bench.id, summarise(timings.wallMs)]));
  const floor = summaries.get("node")!;
  const judge = (check: TargetCheck) => [check.target, results.options.smoke ? `not judged (smoke): ${check.measured}` : `${check.verdict === "met" ? "✅ met" : "❌ missed"}: ${check.measured}`];
  const targetOf = (id: string, summary: Summary): TargetCheck | undefined =>
    id.startsWith("hit-") ? cacheHitTarget(summary, floor) : id === "refresh" ? refreshTarget(summary, floor) : undefined;

  const rows = results.timed.map(({ bench, timings }) => {
    const summary = summaries.get(bench.id)!;
    const check = targetOf(bench.id, summary);
    return [
      `${bench.label} (n=${summary.count})`,
      ms(summary.median),
      `${summary.min.toFixed(1)}–${summary.max.toFixed(1)} ms`,
      `±${summary.stddev.toFixed(1)} ms`,
      timings.cpuMs === undefined ? "—" : ms(timings.cpuMs),
      `${(summary.median / floor.median).toFixed(2)}×`,
      ...(check ? judge(check) : ["—", bench.id === "node" ? "the floor" : "reference"]),
    ];
  });
  if (results.rss.mib.length > 0) {
    const rss = summarise(results.rss.mib);
    rows.push([`peak RSS, cache hit tsv (n=${rss.count})`, `${rss.median.toFixed(1)} MiB`, `${rss.min.toFixed(1)}–${rss.max.toFixed(1)} MiB`, `±${rss.stddev.toFixed(1)} MiB`, "—", "—", ...judge(rssTarget(rss))]);
  }
  if (results.parallel.length > 0) {
    const wall = summarise(results.parallel.map((run) => run.wallMs));
    const processes = results.parallel[0]!.processes;
    rows.push([`${processes} parallel refreshes, wall (n=${wall.count})`, ms(wall.median), `${wall.min.toFixed(1)}–${wall.max.toFixed(1)} ms`, `±${wall.stddev.toFixed(1)} ms`, "—", "—", ...judge(parallelTarget(results.parallel))]);
  }
  return [header(results), markdownTable(COLUMNS, rows), footer(results)].join("\n");
}

function header({ machine, options, runner, loadAtEnd, versions }: BenchResults): string {
  const tools = Object.entries(versions)
    .map(([name, version]) => `${name} ${version}`)
    .join(", ");
  return [
    `# aztoken benchmark${options.smoke ? " (smoke run: few iterations, targets not judged)" : ""}`,
    "",
    `- date: ${machine.date}`,
    `- machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}`,
    `- node ${machine.node}${tools ? `; ${tools}` : ""}`,
    `- runner: ${runner}; ${options.rounds} round(s), every case once per round so load changes hit all alike`,
    `- load average (1/5/15 min): ${machine.loadAtStart} at start, ${loadAtEnd} at end`,
    "",
  ].join("\n");
}

function footer(results: BenchResults): string {
  const lines = ["", "Commands (cwd `/`, stdin closed, stdout a pipe, `TZ=UTC`, temporary `HOME` and `AZURE_CONFIG_DIR` with the `user` fixture):", ""];
  for (const { bench } of results.timed) lines.push(`- ${bench.label}: \`${bench.display}\`${bench.note ? ` (${bench.note})` : ""}`);
  lines.push(`- peak RSS: the cache hit tsv command, measured with ${results.rss.method}`);
  lines.push(`- parallel: the refresh command ${results.parallel[0]?.processes ?? 0} times at once on one expired cache; token requests counted by the fake Entra ID`);
  if (results.azSkipped) lines.push(`- az: skipped (${results.azSkipped})`);
  for (const run of results.parallel.filter((run) => run.firstFailure)) {
    lines.push(`- parallel failure: ${run.processes - run.successes} of ${run.processes} processes failed, ${run.tokenRequests} token requests; first: ${run.firstFailure}`);
  }
  return lines.join("\n") + "\n";
}
