// Managed identity end to end: the built CLI (npm run build) as a child process, cwd /, stdin closed, against
// the fake's managed-identity endpoints, compared with the az 2.45 goldens where there is one.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeEntra, type FakeEntra, type ManagedIdentityKind } from "../../support/fake-entra/index.js";
import { firstLine, loadGoldenCases, normalise, stripExpiresOn, type GoldenCase } from "../../support/golden.js";
import { makeProfile, type TempProfile } from "../../support/profile-fixture.js";
import { runCliProcess, type CliRun } from "../../support/run-cli.js";
import { CLI_BIN } from "../../support/paths.js";

const golden = (name: string): GoldenCase => loadGoldenCases().find((c) => c.name === name)!;
const goldenRequests = (c: GoldenCase) =>
  readFileSync(join(c.dir, "requests.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { method: string; url: string });

let fake: FakeEntra;
const profiles: TempProfile[] = [];
beforeAll(async () => {
  expect(existsSync(CLI_BIN), "run npm run build first").toBe(true);
  fake = await startFakeEntra();
});
afterAll(async () => {
  profiles.forEach((p) => p.remove());
  await fake?.close();
});
beforeEach(() => {
  fake.clearFaults();
  fake.updateSettings({ appServiceDateExpiresOn: false });
  fake.log.entries.length = 0;
});

async function run(args: string[], fixture: string, env: Record<string, string>): Promise<CliRun & { configDir: string }> {
  const profile = makeProfile(fixture);
  profiles.push(profile);
  const result = await runCliProcess(args, { home: profile.home, configDir: profile.configDir, env: { AZURE_CORE_COLLECT_TELEMETRY: "false", ...env } });
  return { ...result, configDir: profile.configDir };
}

const viaFake = (kind: ManagedIdentityKind, extra: Record<string, string> = {}) => ({ ...fake.env, ...fake.managedIdentityEnv(kind), ...extra });
const miRequests = () => fake.log.entries.filter((e) => e.route !== "unknown" && ["imds", "appservice", "appservice-2017", "cloudshell", "arc", "servicefabric"].includes(e.route));

describe("golden cases", () => {
  it("mi_imds: IMDS through HTTP_PROXY, asked once", async () => {
    const c = golden("mi_imds");
    const result = await run(c.argv, c.fixture, { ...c.env, ...fake.env });
    expect({ rc: result.rc, stderr: result.stderr, stdout: normalise(stripExpiresOn(result.stdout, c.argv)) }).toEqual({ rc: c.rc, stderr: c.stderr, stdout: normalise(c.stdout) });
    const [expected] = goldenRequests(c);
    const requests = miRequests();
    expect(requests).toHaveLength(1); // az 2.45 asks once here too; docs/compatibility.md#one-managed-identity-request-per-call
    expect(requests[0]!.method).toBe(expected!.method);
    const [want, got] = [new URL(expected!.url), new URL(requests[0]!.url)];
    expect(got.origin + got.pathname).toBe(want.origin + want.pathname);
    // latest az (MSAL) puts api-version first; the parameters are the same
    expect(Object.fromEntries(got.searchParams)).toEqual(Object.fromEntries(want.searchParams));
    expect(requests[0]!.headers.metadata).toBe("true");
  });

  it("appservice_token: App Service 2017 with a date expires_on, asked once where 2.45 asked twice", async () => {
    const c = golden("appservice_token");
    fake.updateSettings({ appServiceDateExpiresOn: true });
    const endpoint = `${fake.httpUrl}/MSI/token`;
    const result = await run(c.argv, c.fixture, { ...fake.env, ...c.env, MSI_ENDPOINT: endpoint, MSI_SECRET: fake.settings.miSecret });
    expect({ rc: result.rc, stderr: result.stderr, stdout: normalise(stripExpiresOn(result.stdout, c.argv)) }).toEqual({ rc: c.rc, stderr: c.stderr, stdout: normalise(c.stdout) });
    const expected = goldenRequests(c);
    expect(expected).toHaveLength(2);
    expect(miRequests().map((r) => [r.method, r.url])).toEqual([[expected[0]!.method, expected[0]!.url.replace("http://127.0.0.1:18443/MSI/token", endpoint)]]);
  });

  it("mi_unreachable: the first line when nothing answers", async () => {
    const c = golden("mi_unreachable");
    const result = await run(c.argv, c.fixture, c.env); // proxies point at a closed port
    expect([result.rc, firstLine(result.stderr), result.stdout]).toEqual([c.rc, firstLine(c.stderr), ""]);
    expect(result.stderr.split("\n")).toEqual([firstLine(c.stderr), expect.stringMatching(/^Error detail: \S/), ""]);
  });
});

describe("every source through the CLI", () => {
  const json = (r: CliRun) => JSON.parse(r.stdout) as { accessToken: string; expires_on: number; tokenType: string; subscription: string; tenant: string };

  it.each([
    ["appservice", "msi_client", "appservice"],
    ["appservice-2017", "msi_client", "appservice-2017"],
    ["cloudshell", "msi_client", "cloudshell"],
    ["servicefabric", "msi", "servicefabric"],
    ["imds", "msi_client", "imds"],
  ] as const)("%s (%s fixture): one request, a token the fake issued, expires_on an integer", async (kind, fixture, route) => {
    const before = Math.floor(Date.now() / 1000);
    const result = await run(["account", "get-access-token", "-o", "json"], fixture, viaFake(kind));
    expect(result.stderr).toBe("");
    expect(result.rc).toBe(0);
    const out = json(result);
    expect(fake.verifyAccessToken(out.accessToken)).toBeDefined();
    expect(Number.isInteger(out.expires_on)).toBe(true);
    expect(out.expires_on).toBeGreaterThanOrEqual(before + 86399 - 2);
    expect(out.expires_on).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 86399 + 1);
    expect(miRequests().map((r) => r.route)).toEqual([route]);
    // managed-identity tokens never go to az's MSAL cache
    expect(readdirSync(result.configDir)).not.toContain("msal_token_cache.json");
  });

  it("a Cloud Shell account (ACC_CLOUD) gets its token from MSI_ENDPOINT", async () => {
    const result = await run(["account", "get-access-token", "--resource", "https://vault.azure.net"], "cloudshell", viaFake("cloudshell", { ACC_CLOUD: "1" }));
    expect([result.rc, result.stderr]).toEqual([0, ""]);
    expect(miRequests().map((r) => [r.route, r.form?.resource])).toEqual([["cloudshell", "https://vault.azure.net"]]);
  });

  it("Azure Arc outside the agent's token folder: MSAL's key file check, on one line", async () => {
    const result = await run(["account", "get-access-token"], "msi", viaFake("arc"));
    expect(result.rc).toBe(1);
    expect(result.stderr).toMatch(/^ERROR: Failed to connect to MSI\. Please make sure MSI is configured correctly\.\nError detail: invalid_file_path: [^\n]*\n$/);
    expect(result.stderr).not.toContain(readFileSync(fake.arcKeyPath, "utf8").trim());
  });

  it("an HTTP error from the endpoint", async () => {
    fake.failNext("imds", { status: 400, description: "Identity not found" });
    const result = await run(["account", "get-access-token"], "msi", fake.env);
    expect([result.rc, result.stdout, result.stderr]).toEqual([
      1,
      "",
      "ERROR: Failed to connect to MSI. Please make sure MSI is configured correctly.\nGet Token request returned http error: 400, reason: Bad Request\n",
    ]);
    expect(miRequests()).toHaveLength(1);
  });

  it("keeps secrets and tokens out of --debug output", async () => {
    const result = await run(["account", "get-access-token", "--debug"], "msi_client", viaFake("appservice-2017"));
    expect(result.rc).toBe(0);
    const token = JSON.parse(result.stdout).accessToken as string;
    expect(result.stderr).toContain("DEBUG: ");
    expect(result.stderr).not.toContain(fake.settings.miSecret);
    expect(result.stderr).not.toContain(token);
  });
});
