// Cases where a differential sweep found aztoken and the real az apart, run through the built CLI against az
// 2.45's bytes (test/fixtures/differential/az-2.45-differential.json), so they need no az. The clone's extra `expires_on` is removed
// first and timings are normalised. When az is installed, the committed bytes are also checked against it.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { normalise, stripExpiresOn } from "../support/golden.js";
import { FIXTURES_DIR } from "../support/paths.js";
import { makeProfile, type TempProfile } from "../support/profile-fixture.js";
import { runCliProcess, type CliRun } from "../support/run-cli.js";
import { needRealAz, runRealAzOffline } from "./network-support/real-az.js";

interface Capture extends CliRun {
  name: string;
  fixture: string;
  argv: string[];
  env: Record<string, string>;
}

const captures = (JSON.parse(readFileSync(join(FIXTURES_DIR, "differential", "az-2.45-differential.json"), "utf8")) as { cases: Capture[] }).cases;

const profiles: TempProfile[] = [];
afterAll(() => profiles.forEach((profile) => profile.remove()));

function freshProfile(fixture: string): TempProfile {
  const profile = makeProfile(fixture);
  profiles.push(profile);
  return profile;
}

const comparable = (run: CliRun) => ({ rc: run.rc, stdout: normalise(run.stdout), stderr: normalise(run.stderr) });

describe("aztoken matches az 2.45 where a differential sweep once found them apart", () => {
  for (const capture of captures) {
    it(`${capture.name}: ${capture.argv.join(" ")}`, async () => {
      const profile = freshProfile(capture.fixture);
      const run = await runCliProcess(capture.argv, { home: profile.home, configDir: profile.configDir, env: capture.env });
      expect(comparable({ ...run, stdout: stripExpiresOn(run.stdout, capture.argv) })).toEqual(comparable(capture));
    });
  }
});

describe.runIf(needRealAz("the check of the committed bytes against the installed az"))("the committed bytes are what the installed az prints", () => {
  for (const capture of captures) {
    it(capture.name, () => {
      const profile = freshProfile(capture.fixture);
      const az = runRealAzOffline(capture.argv, profile, capture.env);
      expect(comparable(az)).toEqual(comparable(capture));
    }, 120_000);
  }
});
