// What a runner measures: one command, timed as a whole process, several runs after some warm-up runs.
import type { Command } from "../process.js";

export interface BenchCase {
  id: string;
  label: string;
  command: Command;
  /** Copied over `to` before every run (warm-up runs too): e.g. an expired token cache the run will refresh. */
  reset?: { from: string; to: string };
}

export interface Timings {
  wallMs: number[];
  /** Mean user + system CPU time per run, when the runner can see it (hyperfine can, spawn() cannot). */
  cpuMs?: number;
}

export interface Runner {
  name: string;
  measure(bench: BenchCase, runs: number, warmups: number): Promise<Timings>;
}

/** Joins the batches of one case measured in different rounds; CPU means are weighted by their run counts. */
export function mergeTimings(batches: readonly Timings[]): Timings {
  const wallMs = batches.flatMap((batch) => batch.wallMs);
  const withCpu = batches.filter((batch) => batch.cpuMs !== undefined);
  if (withCpu.length !== batches.length || wallMs.length === 0) return { wallMs };
  const cpuTotal = withCpu.reduce((sum, batch) => sum + batch.cpuMs! * batch.wallMs.length, 0);
  return { wallMs, cpuMs: cpuTotal / wallMs.length };
}
