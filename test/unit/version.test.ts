// `version` and `--version`: what callers read (docs/compatibility.md#login-logout-account-and-version).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { run, versionResult } from "../../src/cli/commands/version.js";
import { renderVersion } from "../../src/cli/help.js";
import { AZTOKEN_VERSION, AZURE_CLI_COMPATIBLE_VERSION } from "../../src/core/version.js";
import { meetsTerraformVersionRange, parseVersion } from "../e2e/clients/version-range.js";

const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

describe("version", () => {
  it("has az's keys plus aztoken's own version from package.json", async () => {
    expect((await run({})).result).toEqual({
      "azure-cli": AZURE_CLI_COMPATIBLE_VERSION,
      "azure-cli-core": AZURE_CLI_COMPATIBLE_VERSION,
      "azure-cli-telemetry": expect.stringMatching(/^\d+\.\d+\.\d+$/),
      extensions: {},
      aztoken: packageJson.version,
    });
    expect(AZTOKEN_VERSION).toBe(packageJson.version);
  });

  it("reports an az 2.x with x >= 69 (expires_on from 2.54, --client-id for Azure/login from 2.69)", () => {
    const [major, minor] = parseVersion(versionResult()["azure-cli"] as string)!;
    expect(major).toBe(2);
    expect(minor).toBeGreaterThanOrEqual(69);
  });

  it("passes Terraform's check, 2.0.81 <= v < 3.0.0", () => {
    expect(meetsTerraformVersionRange(AZURE_CLI_COMPATIBLE_VERSION)).toBe(true);
    expect(["2.0.80", "3.0.0", "2.80", "v2.80.0"].map(meetsTerraformVersionRange)).toEqual([false, false, false, false]);
    expect(["2.0.81", "2.99.9"].map(meetsTerraformVersionRange)).toEqual([true, true]);
  });

  it("--version starts like az's, `azure-cli <spaces> <version>`, which scripts grep for", () => {
    expect(renderVersion().split("\n")[0]).toMatch(new RegExp(`^azure-cli +${AZURE_CLI_COMPATIBLE_VERSION.replace(/\./g, "\\.")}$`));
  });
});
