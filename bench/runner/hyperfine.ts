// Times a case with hyperfine (`--export-json`): it spawns without a shell (-N), feeds stdout through a pipe as a
// caller's `$(...)` would, and reports user + system CPU, which is steadier than wall time on a busy machine.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expectSuccess, run } from "../process.js";
import type { BenchCase, Runner, Timings } from "./types.js";

interface HyperfineExport {
  results: { times: number[]; user: number; system: number }[];
}

export function hyperfineRunner(hyperfine: string): Runner {
  const version = execFileSync(hyperfine, ["--version"], { encoding: "utf8" }).trim();
  return {
    name: version,
    async measure(bench: BenchCase, runs: number, warmups: number): Promise<Timings> {
      const dir = mkdtempSync(join(tmpdir(), "aztoken-bench-hf-"));
      try {
        const exportFile = join(dir, "result.json");
        const args = ["-N", "--style", "none", "--output", "pipe", "--runs", String(runs), "--warmup", String(warmups), "--export-json", exportFile];
        if (bench.reset) args.push("--prepare", describe({ file: "cp", args: [bench.reset.from, bench.reset.to], env: {}, cwd: "/" }));
        args.push("--command-name", bench.id, describe(bench.command));
        // hyperfine passes its own environment and working directory on to the command.
        expectSuccess(`hyperfine ${bench.label}`, await run({ file: hyperfine, args, env: bench.command.env, cwd: bench.command.cwd }, 30 * 60_000));
        const result = (JSON.parse(readFileSync(exportFile, "utf8")) as HyperfineExport).results[0]!;
        return { wallMs: result.times.map((seconds) => seconds * 1000), cpuMs: (result.user + result.system) * 1000 };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
