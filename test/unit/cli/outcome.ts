// The stdout/stderr/rc the CLI would produce for a parse, so parser results compare with az's bytes directly.
import type { ParseHooks } from "../../../src/cli/argparse.js";
import { parseCommandLine } from "../../../src/cli/argparse-report.js";
import { UsageError } from "../../../src/core/errors.js";

export interface Outcome {
  stdout: string;
  stderr: string;
  rc: number | "parsed";
}

/** az's jmespath_type as far as these tests need it: an unclosed "[" is a syntax error. */
export const TEST_HOOKS: ParseHooks = { isValidQuery: (q) => (q.match(/\[/g) ?? []).length === (q.match(/\]/g) ?? []).length };

export function parseOutcome(argv: string[]): Outcome {
  try {
    const parsed = parseCommandLine(argv, TEST_HOOKS);
    return parsed.kind === "help" ? { stdout: parsed.text, stderr: "", rc: 0 } : { stdout: "", stderr: "", rc: "parsed" };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { stdout: "", stderr: error.render(), rc: error.exitCode };
  }
}
