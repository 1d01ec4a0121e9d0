// The targets, judged from medians. Timing targets are reported, never enforced: a benchmark is not a
// test, and this machine is shared.
import type { ParallelResult } from "./parallel.js";
import type { Summary } from "./stats.js";

export const CACHE_HIT_MAX_RATIO = 1.3;
export const REFRESH_MAX_EXTRA_MS = 60;
export const RSS_MAX_MIB = 60;

export type Verdict = "met" | "missed";

export interface TargetCheck {
  target: string;
  verdict: Verdict;
  /** The measured value the verdict rests on, e.g. "1.12×". */
  measured: string;
}

const verdict = (ok: boolean): Verdict => (ok ? "met" : "missed");

export function cacheHitTarget(hit: Summary, floor: Summary): TargetCheck {
  const ratio = hit.median / floor.median;
  return { target: `≤ ${CACHE_HIT_MAX_RATIO}× node -e 0`, verdict: verdict(ratio <= CACHE_HIT_MAX_RATIO), measured: `${ratio.toFixed(2)}×` };
}

export function refreshTarget(refresh: Summary, floor: Summary): TargetCheck {
  const extra = refresh.median - floor.median;
  return { target: `≤ node -e 0 + ${REFRESH_MAX_EXTRA_MS} ms`, verdict: verdict(extra <= REFRESH_MAX_EXTRA_MS), measured: `+${extra.toFixed(1)} ms` };
}

export function rssTarget(rssMiB: Summary): TargetCheck {
  return { target: `≤ ${RSS_MAX_MIB} MiB`, verdict: verdict(rssMiB.median <= RSS_MAX_MIB), measured: `${rssMiB.median.toFixed(1)} MiB` };
}

export function parallelTarget(runs: readonly ParallelResult[]): TargetCheck {
  const processes = runs[0]?.processes ?? 0;
  const ok = runs.length > 0 && runs.every((run) => run.successes === run.processes && run.tokenRequests === 1);
  const measured = runs.map((run) => `${run.successes}/${run.processes} ok, ${run.tokenRequests} token request${run.tokenRequests === 1 ? "" : "s"}`).join("; ");
  return { target: `${processes}/${processes} ok, exactly 1 token request`, verdict: verdict(ok), measured };
}
