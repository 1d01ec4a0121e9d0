// Picks the runner: hyperfine when it is on PATH, else the built-in spawn loop.
import { findOnPath } from "../process.js";
import { hyperfineRunner } from "./hyperfine.js";
import { spawnRunner } from "./spawn-runner.js";
import type { Runner } from "./types.js";

export { mergeTimings, type BenchCase, type Runner, type Timings } from "./types.js";

/** AZTOKEN_BENCH_RUNNER=spawn forces the built-in runner even when hyperfine is installed. */
export function chooseRunner(env: NodeJS.ProcessEnv = process.env): Runner {
  const hyperfine = env.AZTOKEN_BENCH_RUNNER === "spawn" ? undefined : findOnPath("hyperfine", env.PATH);
  return hyperfine ? hyperfineRunner(hyperfine) : spawnRunner;
}
