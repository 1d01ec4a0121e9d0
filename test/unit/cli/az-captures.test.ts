// Further command lines run through the real az 2.45 (test/fixtures/argparse/az-2.45-argv.jsonl, captured by capture-az.py there).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES_DIR } from "../../support/paths.js";
import { parseOutcome } from "./outcome.js";

interface Capture {
  argv: string[];
  stdout: string;
  stderr: string;
  rc: number;
}
const { cases } = JSON.parse(readFileSync(join(FIXTURES_DIR, "argparse", "az-2.45-captures.json"), "utf8")) as { cases: Record<string, Capture> };

/** Where aztoken deliberately differs, and why. */
const DIFFERENT: Record<string, string> = {
  help_root: "az lists its ~100 other command groups; aztoken lists what it implements",
  help_root_bare: "same, and az's first-run privacy notice depends on state in the config file",
  root_only_debug: "same welcome screen as help_root_bare",
  root_help_word: "root help (see help_root)",
  root_h_account: "root help (see help_root)",
  help_account: "az also lists `account lock`, `management-group` and `list-locations`, which are out of scope",
  help_account_h: "see help_account",
  group_help_then_bad: "see help_account",
  help_login: "aztoken also accepts latest az's --certificate, --client-id, --object-id, --resource-id, --claims-challenge",
  login_ih: "login help (see help_login)",
  root_version_flag: "az prints Python and extension details; aztoken prints its compatible version",
  root_v_flag: "see root_version_flag",
  gt_alias: "`get-token` is aztoken's own alias of `account get-access-token`",
};

describe("real az 2.45 captures", () => {
  const entries = Object.entries(cases).filter(([name]) => !(name in DIFFERENT));

  it.each(entries.filter(([, c]) => c.rc === 2 || c.stdout !== ""))("%s", (_name, c) => {
    expect(parseOutcome(c.argv.slice(1))).toEqual({ stdout: c.stdout, stderr: c.stderr, rc: c.rc });
  });

  it.each(entries.filter(([, c]) => c.rc === 1))("%s parses (az failed later, at run time)", (_name, c) => {
    expect(parseOutcome(c.argv.slice(1)).rc).toBe("parsed");
  });

  it("covers every capture", () => {
    expect(entries.length + Object.keys(DIFFERENT).length).toBe(Object.keys(cases).length);
    for (const name of Object.keys(DIFFERENT)) expect(cases).toHaveProperty(name);
  });
});
