// User token refresh in-process: fixture profiles from mkfixture.py, a fixed clock, a stub token endpoint.
import { chmodSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { serializeMsalCache } from "../../../src/core/cache/msal-cache-store.js";
import { AzError } from "../../../src/core/errors.js";
import { HttpNetworkError } from "../../../src/infra/http.js";
import { runCli } from "../../../src/cli/run.js";
import { GOLDEN_DIR } from "../../support/paths.js";
import { expectMode } from "../../support/platform.js";
import {
  ARM_SCOPE,
  CLI_CLIENT,
  HOME_ACCOUNT,
  T1,
  T2,
  getToken,
  goldenTokenPost,
  jwtClaims,
  profiles,
  readCache,
  secondsBeforeFixtureExpiry,
  stubEntra,
  type TokenPost,
} from "./support.js";

const fixtures = profiles();
afterEach(() => fixtures.removeAll());

const cacheFile = (configDir: string) => join(configDir, "msal_token_cache.json");
const TELEMETRY_FIELDS = /^(x-client-|x-ms-lib-capability$|client-request-id$)/;
const atKey = (realm: string, target: string) => `${HOME_ACCOUNT}-login.microsoftonline.com-accesstoken-${CLI_CLIENT}-${realm}-${target}`.toLowerCase();
const RT_KEY = `${HOME_ACCOUNT}-login.microsoftonline.com-refreshtoken-${CLI_CLIENT}--`;

/** Form fields without MSAL's telemetry, claims parsed, scopes as a set: what the token endpoint acts on. */
function meaningful(post: TokenPost) {
  const fields = Object.entries(post.form).filter(([name]) => !TELEMETRY_FIELDS.test(name));
  return Object.fromEntries(
    fields.map(([name, value]) => [name, name === "claims" ? JSON.parse(value) : name === "scope" ? new Set(value.split(" ")) : value]),
  );
}

describe("user refresh request", () => {
  it("is the one POST az sends with 299 s left (golden refresh_near_expiry)", async () => {
    const profile = fixtures.make("user");
    const stub = stubEntra({ nowMs: secondsBeforeFixtureExpiry(299) });
    await getToken(stub, profile.configDir);

    const golden = goldenTokenPost("refresh_near_expiry");
    expect(stub.posts).toHaveLength(1);
    const [post] = stub.posts as [TokenPost];
    expect(post.url).toBe(golden.url);
    expect(meaningful(post)).toEqual(meaningful(golden));
    expect(post.headers["X-AnchorMailbox"]).toBe(golden.headers["X-AnchorMailbox"]);
    expect(post.headers.Accept).toBe("application/json");
    expect(post.headers["Content-Type"]).toMatch(/^application\/x-www-form-urlencoded/);
    expect(post.headers["client-request-id"]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  });

  it("asks for the new resource with the same refresh token (golden refresh_new_resource)", async () => {
    const profile = fixtures.make("user");
    const stub = stubEntra({ nowMs: Date.UTC(2026, 10, 24, 12) });
    const result = await getToken(stub, profile.configDir, { resource: "https://storage.azure.com" });
    expect(meaningful(stub.posts[0]!)).toEqual(meaningful(goldenTokenPost("refresh_new_resource")));
    expect(jwtClaims(result.accessToken).aud).toBe("https://storage.azure.com");
  });

  it("is not made with 300 s left", async () => {
    const profile = fixtures.make("user");
    const stub = stubEntra({ nowMs: secondsBeforeFixtureExpiry(300) });
    await getToken(stub, profile.configDir);
    expect(stub.posts).toEqual([]);
  });

  it("sends no claims when AZURE_IDENTITY_DISABLE_CP1 exists, even empty", async () => {
    const profile = fixtures.make("user");
    const stub = stubEntra({ env: { AZURE_IDENTITY_DISABLE_CP1: "" } });
    await getToken(stub, profile.configDir);
    expect(stub.posts[0]!.form).not.toHaveProperty("claims");
  });

  it("uses the other tenant's authority and realm for --tenant, with the home account's refresh token", async () => {
    const profile = fixtures.make("user");
    const stub = stubEntra({ nowMs: Date.UTC(2026, 10, 24, 12) });
    const scope = "https://vault.azure.net/.default";
    const result = await getToken(stub, profile.configDir, { tenant: T2, scope: [scope] });

    const [post] = stub.posts as [TokenPost];
    expect(post.url).toBe(`https://login.microsoftonline.com/${T2}/oauth2/v2.0/token`);
    expect(post.form.refresh_token).toBe("fake-rt");
    expect(post.headers["X-AnchorMailbox"]).toBe(`Oid:aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee@${T1}`);
    expect(result.tenant).toBe(T2);
    const entry = readCache(profile.configDir).AccessToken![atKey(T2, scope)]!;
    expect(entry).toMatchObject({ realm: T2, target: scope, secret: result.accessToken });
    expect(readCache(profile.configDir).IdToken![`${HOME_ACCOUNT}-login.microsoftonline.com-idtoken-${CLI_CLIENT}-${T2}-`]).toBeDefined();
  });
});

describe("user refresh write-back", () => {
  it("stores the tokens in az's schema and layout, rotates the refresh token, keeps everything else", async () => {
    const profile = fixtures.make("user");
    const path = cacheFile(profile.configDir);
    const before = JSON.parse(readFileSync(path, "utf8"));
    before.AccessToken[atKey(T1, "https://vault.azure.net/.default")].x_unknown_field = "kept";
    before.XUnknownSection = { anything: ["kept", 1] };
    writeFileSync(path, serializeMsalCache(before));
    const nowMs = secondsBeforeFixtureExpiry(299);
    const stub = stubEntra({ nowMs, extra: { refresh_in: 1800 } });

    const result = await getToken(stub, profile.configDir);

    const text = readFileSync(path, "utf8");
    const after = JSON.parse(text);
    expect(text).toBe(serializeMsalCache(after)); // json.dumps(indent=4), ASCII only, no trailing newline
    expectMode(path, 0o600);
    expect(Object.keys(after)).toEqual(["AccessToken", "RefreshToken", "IdToken", "Account", "AppMetadata", "XUnknownSection"]);
    expect(after.XUnknownSection).toEqual(before.XUnknownSection);
    expect(after.Account).toEqual(before.Account);
    expect(after.AccessToken[atKey(T1, "https://vault.azure.net/.default")].x_unknown_field).toBe("kept");

    const now = Math.floor(nowMs / 1000);
    const key = atKey(T1, ARM_SCOPE);
    expect(Object.keys(after.AccessToken)).toEqual(Object.keys(before.AccessToken)); // replaced in place
    expect(Object.entries(after.AccessToken[key])).toEqual(
      Object.entries({
        credential_type: "AccessToken",
        secret: result.accessToken,
        home_account_id: HOME_ACCOUNT,
        environment: "login.microsoftonline.com",
        client_id: CLI_CLIENT,
        target: ARM_SCOPE,
        realm: T1,
        token_type: "Bearer",
        cached_at: String(now),
        expires_on: String(now + 3599),
        extended_expires_on: String(now + 3599),
        refresh_on: String(now + 1800),
      }),
    );
    expect(result.expires_on).toBe(now + 3599);
    expect(after.RefreshToken[RT_KEY]).toEqual({ ...before.RefreshToken[RT_KEY], secret: "fake-rt-1", last_modification_time: String(now) });
    const idToken = after.IdToken[`${HOME_ACCOUNT}-login.microsoftonline.com-idtoken-${CLI_CLIENT}-${T1}-`];
    expect(Object.keys(idToken)).toEqual(["credential_type", "secret", "home_account_id", "environment", "realm", "client_id"]);
    expect(after.AppMetadata).toEqual(before.AppMetadata);
  });

  it("writes the cache back 0600, tightening a looser mode (it holds refresh tokens)", async () => {
    const profile = fixtures.make("user");
    chmodSync(cacheFile(profile.configDir), 0o644);
    await getToken(stubEntra(), profile.configDir);
    expectMode(cacheFile(profile.configDir), 0o600);
  });

  it("makes the next run a cache hit that uses the new refresh token only when needed", async () => {
    const profile = fixtures.make("user");
    const first = await getToken(stubEntra(), profile.configDir);
    const second = stubEntra();
    expect((await getToken(second, profile.configDir)).accessToken).toBe(first.accessToken);
    expect(second.posts).toEqual([]);
    const third = stubEntra();
    await getToken(third, profile.configDir, { resource: "https://storage.azure.com" });
    expect(third.posts[0]!.form.refresh_token).toBe("fake-rt-1");
  });

  it("makes one request for many concurrent refreshes of the same token, and connects ahead for that one only", async () => {
    const profile = fixtures.make("user");
    const stub = stubEntra({ delayMs: 150 });
    const connectedAhead: string[] = [];
    const http = stub.deps.http;
    stub.deps.http = async () => ({ ...(await http()), preconnect: async (url) => (connectedAhead.push(url), () => undefined) });
    const results = await Promise.all(Array.from({ length: 5 }, () => getToken(stub, profile.configDir)));
    expect(stub.posts).toHaveLength(1);
    expect(new Set(results.map((result) => result.accessToken)).size).toBe(1);
    expect(connectedAhead).toEqual([`https://login.microsoftonline.com/${T1}/oauth2/v2.0/token`]);
  });
});

describe("refresh_on", () => {
  function agingProfile(nowMs: number) {
    const profile = fixtures.make("user");
    const path = cacheFile(profile.configDir);
    const cache = JSON.parse(readFileSync(path, "utf8"));
    cache.AccessToken[atKey(T1, ARM_SCOPE)].refresh_on = String(Math.floor(nowMs / 1000) - 1);
    writeFileSync(path, serializeMsalCache(cache));
    return { profile, oldToken: cache.AccessToken[atKey(T1, ARM_SCOPE)].secret as string };
  }
  const nowMs = Date.UTC(2026, 10, 24, 12);

  it("a token past refresh_on is refreshed", async () => {
    const { profile, oldToken } = agingProfile(nowMs);
    const stub = stubEntra({ nowMs });
    const result = await getToken(stub, profile.configDir);
    expect(stub.posts).toHaveLength(1);
    expect(result.accessToken).not.toBe(oldToken);
    expect(readCache(profile.configDir).AccessToken![atKey(T1, ARM_SCOPE)]).not.toHaveProperty("refresh_on");
  });

  it("the old token is returned when that refresh fails, and the cache is left alone", async () => {
    const { profile, oldToken } = agingProfile(nowMs);
    const before = readFileSync(cacheFile(profile.configDir));
    const stub = stubEntra({ nowMs, fail: () => ({ status: 400, body: { error: "invalid_grant", error_description: "AADSTS700082: expired", error_codes: [700082] } }) });
    const result = await getToken(stub, profile.configDir);
    expect(result.accessToken).toBe(oldToken);
    expect(result.expires_on).toBe(4102444800);
    expect(readFileSync(cacheFile(profile.configDir))).toEqual(before);
  });
});

describe("refresh failures", () => {
  const invalidGrant = {
    status: 400,
    body: {
      error: "invalid_grant",
      error_description: "AADSTS700082: The refresh token has expired due to inactivity.\r\nTrace ID: 0000\r\nCorrelation ID: 1111\r\nTimestamp: 2026-01-01 00:00:00Z",
      error_codes: [700082],
    },
  };

  it("invalid_grant prints Entra's description and the latest az recommendation (golden refresh_invalid_grant_scope)", async () => {
    const profile = fixtures.make("user");
    const before = readFileSync(cacheFile(profile.configDir));
    const stub = stubEntra({ fail: () => invalidGrant });
    const error = await getToken(stub, profile.configDir, { scope: ["https://fail1.example/.default"] }).catch((e: unknown) => e);

    // 2.45 printed "Interactive authentication is needed. Please run:\naz login --scope ..."; the clone follows the
    // latest az (docs/compatibility.md#entra-errors, azure-cli auth/util.py): same ERROR line, new recommendation with --tenant and quotes.
    const golden = readFileSync(join(GOLDEN_DIR, "cases", "refresh_invalid_grant_scope", "stderr"), "utf8");
    const errorLine = golden.slice(0, golden.indexOf("Interactive authentication is needed."));
    expect(error).toBeInstanceOf(AzError);
    expect((error as AzError).render()).toBe(
      errorLine +
        "Run the command below to authenticate interactively; additional arguments may be added as needed:\n" +
        "az logout\n" +
        `az login --tenant "${T1}" --scope "https://fail1.example/.default"\n`,
    );
    expect((error as AzError).exitCode).toBe(1);
    expect(readFileSync(cacheFile(profile.configDir))).toEqual(before);
  });

  it("a network failure is one line naming the host, without secrets", async () => {
    const profile = fixtures.make("user");
    const stub = stubEntra({ fail: () => new HttpNetworkError("Failed to connect to login.microsoftonline.com: connection refused", "login.microsoftonline.com", "refused", "ECONNREFUSED") });
    const error = (await getToken(stub, profile.configDir).catch((e: unknown) => e)) as AzError;
    expect(error.render()).toBe("ERROR: Failed to connect to login.microsoftonline.com: connection refused\n");
    expect(stub.posts).toHaveLength(2); // retried once, like MSAL Python's adapter
  });

  it("an answer that is not JSON is one line", async () => {
    const profile = fixtures.make("user");
    const stub = stubEntra({ fail: () => ({ status: 502, body: "<html>bad gateway</html>" }) });
    const error = (await getToken(stub, profile.configDir).catch((e: unknown) => e)) as AzError;
    expect(error.render()).toMatch(/^ERROR: [^\n]*login\.microsoftonline\.com[^\n]*\n$/);
  });

  it("no refresh token in the cache is az's \"Can't find token\" error", async () => {
    const profile = fixtures.make("user");
    const path = cacheFile(profile.configDir);
    const cache = JSON.parse(readFileSync(path, "utf8"));
    cache.RefreshToken = {};
    writeFileSync(path, serializeMsalCache(cache));
    const stub = stubEntra();
    const error = (await getToken(stub, profile.configDir).catch((e: unknown) => e)) as AzError;
    expect(error.render()).toBe("ERROR: Can't find token from MSAL cache.\nTo re-authenticate, please run:\naz login\n");
    expect(stub.posts).toEqual([]);
  });

  it("a corrupt cache is one line naming the file, rc 1, the file byte-for-byte unchanged, no request", async () => {
    const profile = fixtures.make("user");
    const path = cacheFile(profile.configDir);
    const corrupt = Buffer.from(readFileSync(path, "utf8").slice(0, 200) + "}\n{Extra data");
    writeFileSync(path, corrupt);
    const stub = stubEntra({ env: { AZURE_CONFIG_DIR: profile.configDir } });
    const rc = await runCli(["account", "get-access-token"], stub.deps);
    expect(rc).toBe(1);
    const stderr = stub.deps.io.stderr.text();
    expect(stderr.split("\n")).toHaveLength(2);
    expect(stderr).toMatch(/^ERROR: .*msal_token_cache\.json/);
    expect(stub.deps.io.stdout.text()).toBe("");
    expect(readFileSync(path)).toEqual(corrupt);
    expect(stub.posts).toEqual([]);
  });
});

describe("secrets", () => {
  it("never appear in --debug output", async () => {
    const profile = fixtures.make("user");
    const stub = stubEntra();
    const result = await getToken(stub, profile.configDir, {}, true);
    const stderr = stub.deps.io.stderr.text();
    expect(stderr).toContain("DEBUG:");
    for (const secret of ["fake-rt", result.accessToken, "eyJ"]) expect(stderr).not.toContain(secret);
  });

  it("never appear in error messages", async () => {
    const profile = fixtures.make("user");
    const stub = stubEntra({ fail: () => ({ status: 400, body: { error: "invalid_request", error_description: "bad refresh_token=fake-rt in eyJhbGciOi.eyJzdWIi.c2ln" } }) });
    const error = (await getToken(stub, profile.configDir).catch((e: unknown) => e)) as AzError;
    expect(error.render()).not.toMatch(/fake-rt|eyJ/);
  });
});
