// The targets, judged from medians. Timing targets are reported, never enforced: a benchmark is not a
// test, and this machine is shared. A case names its target as data (relative to another row), so a new case
// needs no code here.
import type { ParallelResult } from "./parallel.js";
import type { Summary } from "./stats.js";

export const CACHE_HIT_MAX_RATIO = 1.15;
export const REFRESH_MAX_EXTRA_MS = 100;
export const GROWN_MAX_RATIO = 1.5;
export const PARALLEL_MAX_RATIO = 1.5;
export const RSS_MAX_MIB = 60;

/** A timing target relative to another row of the same Node: at most `max` times its median, or `maxMs` more. */
export type Target = { kind: "ratio"; of: string; max: number } | { kind: "extra"; of: string; maxMs: number };

export type Verdict = "met" | "missed";

export interface TargetCheck {
  target: string;
  verdict: Verdict;
  /** The measured value the verdict rests on, e.g. "1.12×". */
  measured: string;
}

const verdict = (ok: boolean): Verdict => (ok ? "met" : "missed");

/** Judges `own` against the row `target.of` (its median and label). */
export function judgeTarget(target: Target, own: Summary, reference: { label: string; summary: Summary }): TargetCheck {
  if (target.kind === "ratio") {
    const ratio = own.median / reference.summary.median;
    return { target: `≤ ${target.max}× ${reference.label}`, verdict: verdict(ratio <= target.max), measured: `${ratio.toFixed(2)}×` };
  }
  const extra = own.median - reference.summary.median;
  return { target: `≤ ${reference.label} + ${target.maxMs} ms`, verdict: verdict(extra <= target.maxMs), measured: `${extra >= 0 ? "+" : ""}${extra.toFixed(1)} ms` };
}

export function rssTarget(rssMiB: Summary): TargetCheck {
  return { target: `≤ ${RSS_MAX_MIB} MiB`, verdict: verdict(rssMiB.median <= RSS_MAX_MIB), measured: `${rssMiB.median.toFixed(1)} MiB` };
}

/** Every caller printed a token and the fake saw exactly `expected` token requests in each run. */
export function parallelOutcome(runs: readonly ParallelResult[], expected: number): TargetCheck {
  const processes = runs[0]?.processes ?? 0;
  const ok = runs.length > 0 && runs.every((run) => run.successes === run.processes && run.tokenRequests === expected);
  const measured = runs.map((run) => `${run.successes}/${run.processes} ok, ${run.tokenRequests} token request${run.tokenRequests === 1 ? "" : "s"}`).join("; ");
  return { target: `${processes}/${processes} ok, exactly ${expected} token request${expected === 1 ? "" : "s"}`, verdict: verdict(ok), measured };
}
