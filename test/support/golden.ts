// Reading the az 2.45 golden cases and comparing the clone's output with them (az-golden/README.md).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { GOLDEN_DIR } from "./paths.js";

export interface GoldenCase {
  name: string;
  argv: string[];
  fixture: string;
  env: Record<string, string>;
  network: "none" | "fake-idp";
  compare: "exact" | "normalised" | "first-line";
  fakeIdp?: Record<string, unknown>;
  stdout: string;
  stderr: string;
  rc: number;
  dir: string;
}

export function loadGoldenCases(): GoldenCase[] {
  const casesDir = join(GOLDEN_DIR, "cases");
  return readdirSync(casesDir)
    .sort()
    .map((name) => {
      const dir = join(casesDir, name);
      const spec = JSON.parse(readFileSync(join(dir, "case.json"), "utf8"));
      const read = (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), "utf8") : "");
      return {
        name,
        argv: spec.argv.slice(1),
        fixture: spec.fixture,
        env: spec.env ?? {},
        network: spec.network,
        compare: spec.compare,
        fakeIdp: spec.fake_idp,
        stdout: read("stdout"),
        stderr: read("stderr"),
        rc: Number.parseInt(read("rc"), 10),
        dir,
      };
    });
}

/** The golden outputs predate `expires_on` (az 2.54); remove it from the clone's output before comparing. */
export function stripExpiresOn(stdout: string, argv: readonly string[]): string {
  const lines = stdout.split("\n");
  if (lines.some((line) => /^\s*"expires_on": /.test(line) || /^expires_on: /.test(line))) {
    return lines.filter((line) => !/^\s*"expires_on": /.test(line) && !/^expires_on: /.test(line)).join("\n");
  }
  const header = lines[0] ?? "";
  const column = header.indexOf("Expires_on");
  if (column >= 0) return removeTableColumn(lines, column).join("\n");
  const format = outputFormatOf(argv);
  if (format === "tsv" && !argv.some((arg) => arg.startsWith("--query"))) {
    return lines.map((line) => (line === "" ? line : line.split("\t").filter((_cell, index) => index !== 2).join("\t"))).join("\n");
  }
  return stdout;
}

function removeTableColumn(lines: string[], start: number): string[] {
  const dashes = lines[1] ?? "";
  let end = start;
  while (dashes[end] === "-") end++;
  const width = end - start + 2; // the column and the two-space separator after it
  return lines.map((line) => (line === "" ? line : (line.slice(0, start) + line.slice(start + width)).trimEnd()));
}

function outputFormatOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "-o" || arg === "--output") return argv[i + 1];
    if (arg.startsWith("-o=") || arg.startsWith("--output=")) return arg.slice(arg.indexOf("=") + 1);
  }
  return undefined;
}

/** README "normalised": token values, timestamps, timings and versions are replaced in both outputs. */
export function normalise(text: string): string {
  return text
    .replace(/("accessToken": )"[^"]*"/g, '$1"<token>"')
    .replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}/g, "<time>")
    .replace(/Command ran in [\d.]+ seconds \(init: [\d.]+, invoke: [\d.]+\)/g, "Command ran in <n> seconds (init: <n>, invoke: <n>)")
    .replace(/("azure-cli(?:-core|-telemetry)?": )"[^"]*"/g, '$1"<v>"')
    .replace(/"extensions": \{[^}]*\}/g, '"extensions": {}');
}

export function firstLine(text: string): string {
  return text.split("\n")[0] ?? "";
}
