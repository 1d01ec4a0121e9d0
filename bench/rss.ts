// Peak resident set size of a command: GNU time's %M when it is installed, else a --require preload that prints
// Node's own process.resourceUsage().maxRSS as the process exits. Both report KiB.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Command } from "./process.js";
import { expectSuccess, findOnPath, run } from "./process.js";

const MARKER = "aztoken-bench-maxrss-kib=";

export interface RssProbe {
  method: string;
  /** Peak RSS in MiB of one run of `command`. */
  measure(command: Command): Promise<number>;
}

export async function chooseRssProbe(tmpDir: string): Promise<RssProbe> {
  const time = findOnPath("time");
  if (time && (await gnuTimeWorks(time))) return gnuTimeProbe(time);
  return preloadProbe(tmpDir);
}

async function gnuTimeWorks(time: string): Promise<boolean> {
  const outcome = await run({ file: time, args: ["-f", `${MARKER}%M`, "true"], env: { PATH: process.env.PATH ?? "" }, cwd: "/" });
  return outcome.code === 0 && parseMarker(outcome.stderr) !== undefined;
}

function gnuTimeProbe(time: string): RssProbe {
  return {
    method: "GNU time %M",
    async measure(command) {
      const wrapped = { ...command, file: time, args: ["-f", `${MARKER}%M`, command.file, ...command.args] };
      return kibToMib(markerOf(expectSuccess("peak RSS run", await run(wrapped)).stderr));
    },
  };
}

function preloadProbe(tmpDir: string): RssProbe {
  const preload = join(tmpDir, "maxrss-preload.cjs");
  writeFileSync(preload, `process.on("exit", () => require("node:fs").writeSync(2, "\\n${MARKER}" + process.resourceUsage().maxRSS + "\\n"));\n`);
  return {
    method: "process.resourceUsage().maxRSS (--require preload)",
    async measure(command) {
      const wrapped = { ...command, args: ["--require", preload, ...command.args] };
      return kibToMib(markerOf(expectSuccess("peak RSS run", await run(wrapped)).stderr));
    },
  };
}

function parseMarker(stderr: string): number | undefined {
  const match = new RegExp(`${MARKER}(\\d+)`).exec(stderr);
  return match ? Number(match[1]) : undefined;
}

function markerOf(stderr: string): number {
  const kib = parseMarker(stderr);
  if (kib === undefined) throw new Error(`peak RSS: no measurement in stderr: ${stderr.trim()}`);
  return kib;
}

const kibToMib = (kib: number) => kib / 1024;
