// Every parser-level golden case of az 2.45 (az-golden/cases): full stderr/stdout bytes and rc.
import { describe, expect, it } from "vitest";
import { loadGoldenCases } from "../../support/golden.js";
import { parseOutcome } from "./outcome.js";

const PARSER_CASES = ["abbrev_ambiguous", "missing_value", "unknown_flag", "positional", "typo_command", "bad_output", "bad_resource_type", "q_syntax_error", "help"];
const golden = new Map(loadGoldenCases().map((c) => [c.name, c]));

describe("az-golden parser cases", () => {
  it.each(PARSER_CASES)("%s", (name) => {
    const c = golden.get(name)!;
    expect(parseOutcome(c.argv)).toEqual({ stdout: c.stdout, stderr: c.stderr, rc: c.rc });
  });

  it("lets every other golden argv through the parser (their errors, if any, come later)", () => {
    for (const c of golden.values()) {
      if (PARSER_CASES.includes(c.name)) continue;
      expect(parseOutcome(c.argv).rc, c.name).toBe(c.argv.length === 0 ? 0 : "parsed");
    }
  });
});
