// Every az 2.45 golden case that needs no network, run through the built CLI as a child process.
// Cases where the latest az (which the clone follows) or a deliberate difference changes the bytes are listed
// in DIFFERENCES with the expected output and the reason; a case is never skipped silently.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { firstLine, loadGoldenCases, normalise, stripExpiresOn, type GoldenCase } from "../support/golden.js";
import { makeProfile, type TempProfile } from "../support/profile-fixture.js";
import { runCliProcess, type CliRun } from "../support/run-cli.js";
import { needPseudoTerminal, runInPseudoTerminal } from "../support/pty.js";

interface Difference {
  why: string;
  check(run: CliRun, golden: GoldenCase): void;
}

const DIFFERENCES: Record<string, Difference> = {
  env_output_bad: {
    why: "az 2.45 crashes with a traceback on an invalid core.output; the clone prints one line (docs/compatibility.md#output-format-from-configuration)",
    check(run) {
      expect(run.rc).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toBe("ERROR: 'xml' is not a valid value for core.output. Allowed values: json, jsonc, yaml, yamlc, table, tsv, none.\n");
    },
  },
  mi_tenant: {
    why: "latest az accepts --tenant equal to the managed identity's own tenant and then asks the endpoint (docs/compatibility.md#tenant)",
    check(run) {
      expect(run.rc).toBe(1);
      expect(firstLine(run.stderr)).toBe("ERROR: Failed to connect to MSI. Please make sure MSI is configured correctly and check the network connection.");
    },
  },
  version_json: {
    // aztoken's one addition to `az version`: its own version under an extra key (docs/compatibility.md#login-logout-account-and-version; callers read
    // `azure-cli` and ignore other keys). Every az key must still normalise like the golden output.
    why: "aztoken adds an `aztoken` key with its own version; the az keys are unchanged",
    check(run, golden) {
      const { aztoken, ...azKeys } = JSON.parse(run.stdout) as Record<string, unknown>;
      expect(aztoken).toMatch(/^\d+\.\d+\.\d+/);
      expect(normalise(JSON.stringify(azKeys, null, 2) + "\n")).toBe(normalise(golden.stdout));
      expect(run.stderr).toBe(golden.stderr);
      expect(run.rc).toBe(golden.rc);
    },
  },
  cloudshell_tenant: {
    why: "latest az accepts --tenant equal to the Cloud Shell account's tenant and then asks the endpoint (docs/compatibility.md#tenant)",
    check(run) {
      expect(run.rc).toBe(1);
      expect(run.stderr).not.toContain("Tenant shouldn't be specified");
      expect(run.stderr.startsWith("ERROR: ")).toBe(true);
    },
  },
};

// Cases whose only requests were az's discovery GETs need no network from the clone (docs/compatibility.md#no-network-on-a-cache-hit).
const cases = loadGoldenCases().filter((golden) => golden.network === "none" || onlyDiscoveryRequests(golden));

function onlyDiscoveryRequests(golden: GoldenCase): boolean {
  const log = join(golden.dir, "requests.jsonl");
  if (!existsSync(log)) return false;
  return readFileSync(log, "utf8")
    .split("\n")
    .filter(Boolean)
    .every((line) => /openid-configuration|discovery\/instance/.test(JSON.parse(line).url));
}
const profiles: TempProfile[] = [];
afterAll(() => profiles.forEach((profile) => profile.remove()));

async function runGolden(golden: GoldenCase): Promise<CliRun & { configDir: string }> {
  const profile = makeProfile(golden.fixture);
  profiles.push(profile);
  const env = { ...golden.env, AZURE_CORE_COLLECT_TELEMETRY: "false" };
  const tty = golden.name.startsWith("tty_");
  const run = tty
    ? await runInPseudoTerminal(golden.argv, { home: profile.home, configDir: profile.configDir, env })
    : await runCliProcess(golden.argv, { home: profile.home, configDir: profile.configDir, env });
  const unpath = (text: string) => text.split(profile.configDir).join("$AZURE_CONFIG_DIR");
  return { rc: run.rc, stdout: unpath(run.stdout), stderr: unpath(run.stderr), configDir: profile.configDir };
}

/** The profile files az left behind (`after/`), byte for byte; a file absent there must be absent here. */
function expectFilesLikeAz(golden: GoldenCase, configDir: string): void {
  const afterDir = join(golden.dir, "after");
  if (!existsSync(afterDir)) return;
  const expected = readdirSync(afterDir).sort();
  for (const file of expected) {
    expect(readFileSync(join(configDir, file), "utf8"), `${golden.name}: ${file}`).toBe(readFileSync(join(afterDir, file), "utf8"));
  }
  for (const file of ["msal_token_cache.json", "service_principal_entries.json"]) {
    if (!expected.includes(file)) expect(existsSync(join(configDir, file)), `${golden.name}: ${file} should be gone`).toBe(false);
  }
}

const canUseTerminal = cases.some((golden) => golden.name.startsWith("tty_")) && needPseudoTerminal("the tty_* golden cases");

describe("az 2.45 golden cases (no network)", () => {
  for (const golden of cases) {
    const difference = DIFFERENCES[golden.name];
    it.skipIf(golden.name.startsWith("tty_") && !canUseTerminal)(`${golden.name}: ${golden.argv.join(" ")}${difference ? ` (differs: ${difference.why})` : ""}`, async () => {
      const run = await runGolden(golden);
      if (difference) return difference.check(run, golden);
      const stdout = stripExpiresOn(run.stdout, golden.argv);
      if (golden.compare === "first-line") {
        expect(firstLine(run.stderr)).toBe(firstLine(golden.stderr));
      } else if (golden.compare === "normalised") {
        expect(normalise(stdout)).toBe(normalise(golden.stdout));
        expect(normalise(run.stderr)).toBe(normalise(golden.stderr));
      } else {
        expect(stdout).toBe(golden.stdout);
        expect(run.stderr).toBe(golden.stderr);
      }
      expect(run.rc).toBe(golden.rc);
      expectFilesLikeAz(golden, run.configDir);
    });
  }
});
