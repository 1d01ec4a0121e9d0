// The fallback runner when hyperfine is not installed: spawn the command N times in a row and time each.
import { copyFileSync } from "node:fs";
import { expectSuccess, run } from "../process.js";
import type { BenchCase, Runner, Timings } from "./types.js";

export const spawnRunner: Runner = {
  name: "node child_process.spawn",
  async measure(bench: BenchCase, runs: number, warmups: number): Promise<Timings> {
    const wallMs: number[] = [];
    for (let index = 0; index < warmups + runs; index++) {
      if (bench.reset) copyFileSync(bench.reset.from, bench.reset.to);
      const outcome = expectSuccess(bench.label, await run(bench.command));
      if (index >= warmups) wallMs.push(outcome.wallMs);
    }
    return { wallMs };
  },
};
