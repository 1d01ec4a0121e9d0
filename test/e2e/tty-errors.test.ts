// Errors and warnings on a terminal: az hides the level names and colours the lines (and the recovery block)
// instead. Expected bytes were captured from the real az 2.45 (test/fixtures/differential/az-2.45-tty-errors.json).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeProfile, type TempProfile } from "../support/profile-fixture.js";
import { needPseudoTerminal, runInPseudoTerminal } from "../support/pty.js";
import { FIXTURES_DIR } from "../support/paths.js";

const captures = JSON.parse(readFileSync(join(FIXTURES_DIR, "differential", "az-2.45-tty-errors.json"), "utf8")) as { cases: { argv: string[]; output: string }[] };
const made: TempProfile[] = [];
afterAll(() => made.splice(0).forEach((profile) => profile.remove()));

describe.runIf(needPseudoTerminal("the terminal error tests"))("errors on a terminal, as az 2.45 prints them", () => {
  for (const capture of captures.cases) {
    it(capture.argv.join(" "), async () => {
      const profile = makeProfile("user");
      made.push(profile);
      const run = await runInPseudoTerminal(capture.argv, { home: profile.home, configDir: profile.configDir, env: { AZURE_CORE_COLLECT_TELEMETRY: "false" } });
      expect(run.stdout).toBe(capture.output);
    });
  }

  it("prints plain ERROR lines when core.no_color is set", async () => {
    const profile = makeProfile("user");
    made.push(profile);
    const run = await runInPseudoTerminal(["account", "get-access-token", "-s", "nope"], { home: profile.home, configDir: profile.configDir, env: { AZURE_CORE_NO_COLOR: "true" } });
    expect(run.stdout).toBe("ERROR: Subscription 'nope' not found. Check the spelling and casing and try again.\n");
  });
});
