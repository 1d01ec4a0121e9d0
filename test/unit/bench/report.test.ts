// The bench's arithmetic and Markdown: statistics, the table layout, target verdicts and the report rows.
// No timing is asserted here; benchmarks are not tests.
import { describe, expect, it } from "vitest";
import type { CheckedCase } from "../../../bench/cases.js";
import { outputProblem } from "../../../bench/cases.js";
import { benchOptions } from "../../../bench/options.js";
import { renderReport, type BenchResults } from "../../../bench/report.js";
import { mergeTimings } from "../../../bench/runner/types.js";
import { summarise } from "../../../bench/stats.js";
import { markdownTable } from "../../../bench/table.js";
import { judgeTarget, parallelOutcome, rssTarget } from "../../../bench/targets.js";
import type { ParallelCase } from "../../../bench/parallel.js";

describe("summarise", () => {
  it("gives median, mean, sample stddev, min and max", () => {
    expect(summarise([3, 1, 2])).toEqual({ count: 3, median: 2, mean: 2, stddev: 1, min: 1, max: 3 });
  });
  it("takes the mean of the middle two for an even count", () => {
    expect(summarise([4, 1, 3, 2]).median).toBe(2.5);
  });
  it("has no spread for one value and refuses none", () => {
    expect(summarise([5]).stddev).toBe(0);
    expect(() => summarise([])).toThrow(/no values/);
  });
});

describe("mergeTimings", () => {
  it("joins runs and weights CPU means by run count", () => {
    expect(mergeTimings([{ wallMs: [1, 2, 3], cpuMs: 10 }, { wallMs: [4], cpuMs: 30 }])).toEqual({ wallMs: [1, 2, 3, 4], cpuMs: 15 });
  });
  it("drops CPU when a batch lacks it", () => {
    expect(mergeTimings([{ wallMs: [1], cpuMs: 10 }, { wallMs: [2] }])).toEqual({ wallMs: [1, 2] });
  });
});

describe("markdownTable", () => {
  it("pads columns, right-aligns numbers and escapes pipes", () => {
    const table = markdownTable([{ title: "name" }, { title: "ms", align: "right" }], [["a|b", "1.0"], ["long name", "12.5"]]);
    expect(table).toBe(["| name      |   ms |", "|-----------|-----:|", "| a\\|b      |  1.0 |", "| long name | 12.5 |", ""].join("\n"));
  });
});

describe("targets", () => {
  const floor = { label: "node -e 0", summary: summarise([100]) };
  it("judges a ratio of medians against another row", () => {
    expect(judgeTarget({ kind: "ratio", of: "node", max: 1.15 }, summarise([115]), floor)).toMatchObject({ verdict: "met", measured: "1.15×", target: "≤ 1.15× node -e 0" });
    expect(judgeTarget({ kind: "ratio", of: "node", max: 1.15 }, summarise([116]), floor).verdict).toBe("missed");
  });
  it("judges extra milliseconds over another row", () => {
    expect(judgeTarget({ kind: "extra", of: "node", maxMs: 100 }, summarise([200]), floor)).toMatchObject({ verdict: "met", measured: "+100.0 ms", target: "≤ node -e 0 + 100 ms" });
    expect(judgeTarget({ kind: "extra", of: "node", maxMs: 100 }, summarise([201]), floor).verdict).toBe("missed");
  });
  it("judges peak RSS in MiB", () => {
    expect(rssTarget(summarise([59.9])).verdict).toBe("met");
    expect(rssTarget(summarise([60.1])).verdict).toBe("missed");
  });
  it("wants every parallel process to succeed with exactly the expected number of token requests", () => {
    const run = { processes: 100, successes: 100, tokenRequests: 1, wallMs: 1 };
    expect(parallelOutcome([run, run], 1)).toMatchObject({ verdict: "met", target: "100/100 ok, exactly 1 token request" });
    expect(parallelOutcome([run, { ...run, tokenRequests: 2 }], 1).verdict).toBe("missed");
    expect(parallelOutcome([{ ...run, successes: 99 }], 1).verdict).toBe("missed");
    expect(parallelOutcome([{ ...run, tokenRequests: 0 }], 0)).toMatchObject({ verdict: "met", target: "100/100 ok, exactly 0 token requests" });
  });
});

describe("benchOptions", () => {
  it("reads --long and --nodes, and keeps a smoke run small", () => {
    expect(benchOptions({}, "out.md", ["--long", "--nodes", "20,22"])).toMatchObject({ long: true, nodes: [20, 22], parallel: { processes: [100, 1000] } });
    expect(benchOptions({ AZTOKEN_BENCH_NODES: "24" }, "out.md")).toMatchObject({ long: false, nodes: [24], parallel: { processes: [100] } });
    expect(benchOptions({ AZTOKEN_BENCH_SMOKE: "1" }, "out.md", ["--long"])).toMatchObject({ smoke: true, long: false, parallel: { processes: [20], repetitions: 1 } });
    expect(() => benchOptions({}, "out.md", ["--nodes", "lts"])).toThrow(/major versions/);
    expect(() => benchOptions({}, "out.md", ["--fast"])).toThrow(/unknown option/);
    expect(benchOptions({}, "out.md", ["--rounds", "1"])).toMatchObject({ rounds: 1, parallel: { repetitions: 1 } });
    expect(() => benchOptions({}, "out.md", ["--rounds", "0"])).toThrow(/positive/);
  });
});

describe("outputProblem", () => {
  const bench = (expect: CheckedCase["expect"], quietStderr = true) => ({ expect, quietStderr }) as CheckedCase;
  it("accepts a JWT line, a token JSON object, or nothing, as the case expects", () => {
    expect(outputProblem(bench("token"), "aaa.bbb.ccc\n", "")).toBeUndefined();
    expect(outputProblem(bench("token-json"), '{"accessToken": "x"}\n', "")).toBeUndefined();
    expect(outputProblem(bench("nothing"), "", "")).toBeUndefined();
  });
  it("rejects stderr on a quiet case, and the wrong stdout", () => {
    expect(outputProblem(bench("token"), "aaa.bbb.ccc\n", "WARNING: x\n")).toMatch(/stderr/);
    expect(outputProblem(bench("token-json", false), "[]", "WARNING: x\n")).toMatch(/accessToken/);
    expect(outputProblem(bench("token"), "", "")).toMatch(/JWT/);
  });
});

describe("renderReport", () => {
  const command = { file: "node", args: [], env: {}, cwd: "/" };
  const timedCase = (id: string, label: string, wallMs: number[], target?: CheckedCase["target"]) => ({
    bench: { id, label, display: label, command, expect: "nothing", quietStderr: true, ...(target ? { target } : {}) } as CheckedCase,
    timings: { wallMs, cpuMs: wallMs[0]! / 2 },
  });
  const parallelCase = (id: string, expectedTokenRequests: number, target?: ParallelCase["target"]): ParallelCase => ({
    id,
    label: id,
    processes: 100,
    command,
    expectedTokenRequests,
    ...(target ? { target } : {}),
  });
  const results = (smoke: boolean): BenchResults => ({
    options: benchOptions(smoke ? { AZTOKEN_BENCH_SMOKE: "1" } : {}, "out.md"),
    runner: "hyperfine 1.15.0",
    machine: { cpu: "CPU", cores: 2, memoryGiB: 4, os: "Linux", node: "v20.0.0", date: "2026-01-01T00:00:00Z", loadAtStart: "1.00 / 1.00 / 1.00" },
    loadAtEnd: "2.00 / 1.00 / 1.00",
    runtimes: [
      {
        node: "v20.0.0",
        timed: [
          timedCase("node", "node -e 0", [100, 90, 110]),
          timedCase("hit-tsv", "cache hit", [110, 115, 105], { kind: "ratio", of: "node", max: 1.15 }),
          timedCase("refresh", "refresh", [200, 210, 190], { kind: "extra", of: "node", maxMs: 60 }),
        ],
        rss: { method: "GNU time %M", mib: [40, 42] },
        parallel: [
          { bench: parallelCase("valid", 0), runs: [{ processes: 100, successes: 100, tokenRequests: 0, wallMs: 4000 }] },
          { bench: parallelCase("expired", 1, { kind: "ratio", of: "valid", max: 1.5 }), runs: [{ processes: 100, successes: 100, tokenRequests: 1, wallMs: 5000 }] },
        ],
        skipped: ["1000 parallel: not enough memory"],
      },
    ],
    versions: { az: "2.45.0" },
  });

  it("has one row per benchmark with its ratio and verdict", () => {
    const report = renderReport(results(false));
    expect(report).toContain("- node v20.0.0; az 2.45.0");
    expect(report).toMatch(/\| cache hit \(n=3\) +\| +110\.0 ms \| +105\.0–115\.0 ms \| +±5\.0 ms \| +55\.0 ms \| +1\.10× \| ≤ 1\.15× node -e 0 +\| ✅ met: 1\.10×/);
    expect(report).toMatch(/\| refresh \(n=3\) .*\| ❌ missed: \+100\.0 ms/);
    expect(report).toMatch(/\| peak RSS, cache hit tsv \(n=2\) +\| +41\.0 MiB .*✅ met: 41\.0 MiB/);
    expect(report).toMatch(/\| valid \(n=1\) +\| +4000\.0 ms .*✅ met: 100\/100 ok, 0 token requests/);
    expect(report).toMatch(/\| expired \(n=1\) +\| +5000\.0 ms .*≤ 1\.5× valid; 100\/100 ok, exactly 1 token request +\| ✅ met: 1\.25×; 100\/100 ok, 1 token request/);
    expect(report).toContain("- skipped: 1000 parallel: not enough memory");
  });

  it("does not judge a smoke run", () => {
    const report = renderReport(results(true));
    expect(report).toContain("(smoke run: few iterations, targets not judged)");
    expect(report).not.toMatch(/✅|❌/);
    expect(report).toContain("not judged (smoke): 1.10×");
  });

  it("gives each Node its own section when there are several", () => {
    const several = results(false);
    several.runtimes.push({ ...several.runtimes[0]!, node: "v22.0.0" });
    const report = renderReport(several);
    expect(report).toContain("## Node v20.0.0");
    expect(report).toContain("## Node v22.0.0");
    expect(report).toContain("- node v20.0.0, v22.0.0; az 2.45.0");
  });
});
