// The oracle for the write side: after aztoken's code refreshed a token into a profile (in-process, stub token
// endpoint), the real az 2.45 reads every entry aztoken wrote from that profile without a token request, and its
// own refresh uses aztoken's rotated refresh token. Skipped only when az is not installed.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { needRealAz, REAL_AZ_PYTHON, runRealAzOffline } from "../../e2e/network-support/real-az.js";
import { CLI_CLIENT, HOME_ACCOUNT, SP_ID, T1, T2, getToken, profiles, secondsBeforeFixtureExpiry, stubEntra, type StubEntra } from "./stub-entra.js";

const fixtures = profiles();
afterEach(() => fixtures.removeAll());

const AZ_TIMEOUT_MS = 120_000;
const tokenOf = (stdout: string) => (JSON.parse(stdout) as { accessToken: string }).accessToken;

describe.runIf(needRealAz("real az reads what aztoken wrote"))("real az reads what aztoken wrote", () => {
  it(
    "user: the refreshed ARM token, a --tenant token, and the rotated refresh token",
    async () => {
      const profile = fixtures.make("user");
      const arm = await getToken(stubEntra({ nowMs: secondsBeforeFixtureExpiry(299) }), profile.configDir);
      const vault = await getToken(stubEntra(), profile.configDir, { tenant: T2, resource: "https://storage.azure.com" });

      const armRun = runRealAzOffline(["account", "get-access-token", "-o", "json"], profile);
      expect(armRun.stderr).toBe("");
      expect(tokenOf(armRun.stdout)).toBe(arm.accessToken);
      const tenantRun = runRealAzOffline(["account", "get-access-token", "--tenant", T2, "--resource", "https://storage.azure.com", "-o", "json"], profile);
      expect(tokenOf(tenantRun.stdout)).toBe(vault.accessToken);
      expect([...armRun.requests, ...tenantRun.requests]).toEqual([]);

      // A resource nobody has a token for: az refreshes, with the refresh token aztoken rotated last.
      const miss = runRealAzOffline(["account", "get-access-token", "--resource", "https://vault.example"], profile);
      expect(miss.requests).toHaveLength(1);
      expect(new URLSearchParams(miss.requests[0]!.body).get("refresh_token")).toBe("fake-rt-1");
    },
    AZ_TIMEOUT_MS,
  );

  it(
    "service principal: the app token (home_account_id null)",
    async () => {
      const profile = fixtures.make("sp");
      // The real clock: az checks expiry against it.
      const storage = await getToken(stubEntra({ nowMs: Date.now() }), profile.configDir, { resource: "https://storage.azure.com" });
      const run = runRealAzOffline(["account", "get-access-token", "--resource", "https://storage.azure.com", "-o", "json"], profile);
      expect(run.stderr).toBe("");
      expect(run.requests).toEqual([]);
      expect(tokenOf(run.stdout)).toBe(storage.accessToken);
    },
    AZ_TIMEOUT_MS,
  );
});

const MSAL_PYTHON_ADD = join(import.meta.dirname, "..", "..", "e2e", "network-support", "msal-python-add.py");

/** What MSAL for Python (az) writes for the stub's first answer, starting from `before`. */
function msalPythonWrites(before: string, stub: StubEntra, grant: { clientId: string; tenant: string; scopes: string[]; refreshTokenKey?: string }): string {
  const input = {
    cache: before,
    now: Math.floor(stub.deps.clock.now() / 1000),
    client_id: grant.clientId,
    environment: "login.microsoftonline.com",
    token_endpoint: `https://login.microsoftonline.com/${grant.tenant}/oauth2/v2.0/token`,
    grant_type: grant.refreshTokenKey ? "refresh_token" : "client_credentials",
    scopes: grant.scopes,
    response: stub.answers[0],
    refresh_token_key: grant.refreshTokenKey,
  };
  const run = spawnSync(REAL_AZ_PYTHON!, [MSAL_PYTHON_ADD], { input: JSON.stringify(input), encoding: "utf8" });
  expect(run.stderr).toBe("");
  return run.stdout;
}

describe.runIf(needRealAz("MSAL for Python writes the same bytes"))("MSAL for Python writes the same bytes for the same answer", () => {
  const cacheText = (configDir: string) => readFileSync(join(configDir, "msal_token_cache.json"), "utf8");

  it("user refresh, new resource in another tenant, with refresh_in", async () => {
    const profile = fixtures.make("user");
    const before = cacheText(profile.configDir);
    const stub = stubEntra({ extra: { refresh_in: 1800 } });
    await getToken(stub, profile.configDir, { tenant: T2, scope: ["https://vault.azure.net/.default"] });
    const refreshTokenKey = `${HOME_ACCOUNT}-login.microsoftonline.com-refreshtoken-${CLI_CLIENT}--`;
    const after = cacheText(profile.configDir);
    expect(after).not.toBe(before);
    expect(after).toBe(msalPythonWrites(before, stub, { clientId: CLI_CLIENT, tenant: T2, scopes: [], refreshTokenKey }));
  });

  it("service principal token", async () => {
    const profile = fixtures.make("sp");
    const before = cacheText(profile.configDir);
    const stub = stubEntra();
    await getToken(stub, profile.configDir, { resource: "https://storage.azure.com" });
    expect(cacheText(profile.configDir)).toBe(msalPythonWrites(before, stub, { clientId: SP_ID, tenant: T1, scopes: [] }));
  });
});
