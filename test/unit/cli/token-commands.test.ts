// The cache-hit path parses the token commands from their own specs (run.ts, token-commands.ts) instead of the
// whole command table. az keeps only the command argv's words name exactly, so both must give the same parse or
// the same usage error for every command line: checked over the 104 command lines captured from az 2.45 and
// their get-token and exec-credential forms.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseArgv, isParseFailure, type ParsedArgv } from "../../../src/cli/argparse.js";
import { usageErrorFor } from "../../../src/cli/argparse-report.js";
import { COMMANDS } from "../../../src/cli/command-table.js";
import { TOKEN_COMMANDS, tokenCommandNamed } from "../../../src/cli/token-commands.js";
import { REPO_ROOT } from "../../support/paths.js";
import { TEST_HOOKS } from "./outcome.js";

const captured = readFileSync(join(REPO_ROOT, "test", "fixtures", "argparse", "az-2.45-argv.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as [string, string[]])[1]);

/** Each captured line, and for those of account get-access-token the same line as get-token and as exec-credential. */
function corpus(): string[][] {
  const lines: string[][] = [];
  for (const argv of captured) {
    lines.push(argv);
    const words = argv.slice(0, 2).map((word) => word.toLowerCase());
    if (words[0] !== "account" || words[1] !== "get-access-token") continue;
    lines.push(["get-token", ...argv.slice(2)], ["GET-TOKEN", ...argv.slice(2)], ["exec-credential", "--server-id", "x", ...argv.slice(2)], ["exec-credential", ...argv.slice(2)]);
  }
  return lines;
}

/** A parse as data: what run.ts acts on, or the usage error az prints. */
function outcome(argv: string[], table: typeof COMMANDS): unknown {
  let parsed: ParsedArgv;
  try {
    parsed = parseArgv(argv, table, TEST_HOOKS);
  } catch (error) {
    if (!isParseFailure(error)) throw error;
    const usage = usageErrorFor(error);
    return { error: usage.render((line) => `ERROR: ${line}`), exitCode: usage.exitCode };
  }
  if (parsed.kind !== "command") return parsed.kind === "help" ? { help: parsed.level.path, options: parsed.level.options.map((o) => o.dest) } : parsed;
  return { spec: parsed.spec.path, options: parsed.options, globals: parsed.globals, secrets: parsed.secrets };
}

describe("the token commands' own table", () => {
  it("parses every command line that names a token command exactly as the whole table does", () => {
    let compared = 0;
    for (const argv of corpus()) {
      const token = tokenCommandNamed(argv);
      if (!token) continue;
      compared++;
      expect(outcome(argv, [token]), argv.join(" ")).toEqual(outcome(argv, COMMANDS));
    }
    expect(compared).toBeGreaterThan(100);
  });

  it("names a token command only when argv's words are its path; anything else goes to the whole table", () => {
    expect(tokenCommandNamed(["get-token", "-o", "tsv"])?.path).toEqual(["get-token"]);
    expect(tokenCommandNamed(["Account", "GET-ACCESS-TOKEN"])?.path).toEqual(["account", "get-access-token"]);
    expect(tokenCommandNamed(["exec-credential", "--server-id", "x"])?.path).toEqual(["exec-credential"]);
    for (const argv of [[], ["account"], ["get-token", "extra"], ["get-tok"], ["--debug", "get-token"], ["account", "show"], ["", "get-token"]]) {
      expect(tokenCommandNamed(argv), JSON.stringify(argv)).toBeUndefined();
    }
  });

  it("holds the same spec objects as the whole table, which lists each of them once", () => {
    for (const spec of TOKEN_COMMANDS) expect(COMMANDS.filter((command) => command === spec)).toHaveLength(1);
  });
});
