// Broken or hand-edited files and hostile process conditions: one clear line on stderr, a non-zero exit code,
// and the user's files byte for byte as they were.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { makeProfile, type TempProfile } from "../support/profile-fixture.js";
import { CLI_BIN } from "../support/paths.js";
import { skipOnWindows } from "../support/platform.js";
import { runCliProcess } from "../support/run-cli.js";

const made: TempProfile[] = [];
afterAll(() => made.splice(0).forEach((profile) => profile.remove()));

function profile(fixture: string): TempProfile {
  const created = makeProfile(fixture);
  made.push(created);
  return created;
}

function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(dir).map((name) => [name, readFileSync(join(dir, name)).toString("base64")]));
}

const BOM = "\uFEFF";

describe("bad profile files", () => {
  it.each([
    ["msal_token_cache.json", "user", '{"AccessToken": {"k": {"secret": "x"', /ERROR: The token cache .*msal_token_cache\.json cannot be read \(invalid JSON/],
    ["msal_token_cache.json", "user", '{"AccessToken": []}', /ERROR: The token cache .*section 'AccessToken' is not an object/],
    ["msal_token_cache.json", "user", "[1, 2]", /ERROR: The token cache .*not a JSON object/],
    ["service_principal_entries.json", "sp", '[{"client_id": 5}]', /ERROR: The service principal store .*expected a list/],
    ["service_principal_entries.json", "sp", "{", /ERROR: The service principal store .*invalid JSON/],
  ])("%s (%s fixture) holding %j", async (file, fixture, content, message) => {
    const where = profile(fixture);
    writeFileSync(join(where.configDir, file), content);
    const before = snapshot(where.configDir);
    const run = await runCliProcess(["account", "get-access-token"], { home: where.home, configDir: where.configDir });
    expect(run.rc).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("account clear");
    expect(snapshot(where.configDir)).toEqual(before);
  });

  it("reads a token cache and profile written with a BOM, and an empty-but-present cache as empty", async () => {
    const where = profile("user");
    const cachePath = join(where.configDir, "msal_token_cache.json");
    writeFileSync(cachePath, BOM + readFileSync(cachePath, "utf8"));
    const ok = await runCliProcess(["get-token", "--query", "tokenType", "-o", "tsv"], { home: where.home, configDir: where.configDir });
    expect(ok).toMatchObject({ rc: 0, stdout: "Bearer\n", stderr: "" });
    writeFileSync(cachePath, "");
    const empty = await runCliProcess(["get-token"], { home: where.home, configDir: where.configDir });
    expect(empty).toMatchObject({ rc: 1, stdout: "", stderr: "ERROR: User 'alice@contoso.com' does not exist in MSAL token cache. Run `az login`.\n" });
  });

  it("refuses a profile with wrong types with az's notice and leaves it alone", async () => {
    const where = profile("user");
    const path = join(where.configDir, "azureProfile.json");
    writeFileSync(path, BOM + '{"subscriptions": {"id": 1}}');
    const before = snapshot(where.configDir);
    const run = await runCliProcess(["account", "set", "-s", "Contoso Dev"], { home: where.home, configDir: where.configDir });
    expect(run.rc).toBe(1);
    expect(run.stderr.split("\n")[0]).toBe(`Failed to load or parse file ${path}. It will be overridden by default settings.`);
    expect(snapshot(where.configDir)).toEqual(before);
  });
});

describe("process conditions callers create", () => {
  it.skipIf(skipOnWindows("the closed-stdin test", "/bin/sh to close fd 0"))("works from / with stdin closed (not just /dev/null) and a minimal environment", () => {
    const where = profile("user");
    const result = spawnSync("/bin/sh", ["-c", `exec "${process.execPath}" "${CLI_BIN}" account get-access-token -o json <&-`], {
      cwd: "/",
      env: { PATH: "/usr/bin:/usr/local/bin", HOME: where.home, AZURE_CONFIG_DIR: where.configDir, AZURE_CORE_NO_COLOR: "true", TZ: "UTC" },
      encoding: "utf8",
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ tokenType: "Bearer", expires_on: 4102444799, expiresOn: "2099-12-31 23:59:59.000000" });
  });

  it("finds the profile through HOME when AZURE_CONFIG_DIR is unset, never in the working directory", async () => {
    const where = profile("user");
    const run = await runCliProcess(["get-token", "--query", "subscription", "-o", "tsv"], { home: where.home, cwd: where.configDir });
    expect(run).toMatchObject({ rc: 0, stdout: "11111111-2222-3333-4444-555555555555\n" });
    const elsewhere = profile("empty");
    const notHere = await runCliProcess(["get-token"], { home: elsewhere.home, cwd: where.configDir });
    expect(notHere).toMatchObject({ rc: 1, stderr: "ERROR: Please run 'az login' to setup account.\n" });
  });
});
