// The get-access-token use case in-process: fixture profiles, a fixed clock, no HTTP allowed.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { formatLocalTime, getAccessToken, resolveScopes } from "../../../src/core/use-cases/get-access-token.js";
import { createLogger } from "../../../src/core/logger.js";
import { ProfileSession } from "../../../src/core/profile/session.js";
import { scopesToResource } from "../../../src/core/credentials/managed-identity.js";
import { reportedExpiry } from "../../../src/core/credentials/types.js";
import { makeProfile, type TempProfile } from "../../support/profile-fixture.js";
import { memoryDeps } from "../../support/memory-deps.js";

const profiles: TempProfile[] = [];
afterEach(() => profiles.splice(0).forEach((profile) => profile.remove()));

async function tokenFor(
  fixture: string,
  options: Parameters<typeof getAccessToken>[0],
  nowMs = Date.UTC(2026, 10, 24, 12, 0, 0, 500),
  edit: (configDir: string) => void = () => {},
) {
  const profile = makeProfile(fixture);
  profiles.push(profile);
  edit(profile.configDir);
  const deps = memoryDeps({ nowMs });
  const session = ProfileSession.open(profile.configDir, deps.env, (text) => deps.io.stderr.write(text));
  const logger = createLogger(deps.io.stderr, { onlyShowErrors: false, verbose: false, debug: false });
  const result = await getAccessToken(options, session, deps, logger);
  expect(deps.requests).toEqual([]);
  return { result, stderr: deps.io.stderr.text() };
}

function audienceOf(token: string): string {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()).aud;
}

describe("getAccessToken from the cache", () => {
  it("returns the ARM token of the default account with az's fields", async () => {
    const { result } = await tokenFor("user", {});
    expect(audienceOf(result.accessToken)).toBe("https://management.core.windows.net/");
    expect(result).toMatchObject({
      expires_on: 4102444799,
      subscription: "11111111-2222-3333-4444-555555555555",
      tenant: "72f988bf-0000-4000-8000-000000000001",
      tokenType: "Bearer",
    });
  });

  it("keeps az's key order, with expiresOn (made when first read) reading like any other field", async () => {
    const { result } = await tokenFor("user", {});
    expect(Object.keys(result)).toEqual(["tokenType", "accessToken", "expires_on", "expiresOn", "tenant", "subscription"]);
    expect(result.expiresOn).toBe(formatLocalTime(4102444799));
    expect(JSON.parse(JSON.stringify(result))).toMatchObject({ expiresOn: formatLocalTime(4102444799) });
    expect({ ...result }.expiresOn).toBe(result.expiresOn);
  });

  it("maps --resource, --resource-type and --scope to the right cached token", async () => {
    expect(audienceOf((await tokenFor("user", { resource: "https://management.azure.com" })).result.accessToken)).toBe("https://management.azure.com");
    expect(audienceOf((await tokenFor("user", { resource: "https://management.azure.com/" })).result.accessToken)).toBe("https://management.azure.com/");
    expect(audienceOf((await tokenFor("user", { resourceType: "ms-graph" })).result.accessToken)).toBe("https://graph.microsoft.com/");
    expect(audienceOf((await tokenFor("user", { scope: ["https://b.example/.default"] })).result.accessToken)).toBe("https://a.example");
    expect(audienceOf((await tokenFor("user", { resource: "https://x", scope: ["https://vault.azure.net/.default"] })).result.accessToken)).toBe(
      "https://vault.azure.net",
    );
  });

  it("uses the other tenant's token for --tenant and leaves out the subscription", async () => {
    const { result } = await tokenFor("user", { tenant: "2f4a9838-26b7-47ee-be60-ccc1fdec5953" });
    expect(result.tenant).toBe("2f4a9838-26b7-47ee-be60-ccc1fdec5953");
    expect(result).not.toHaveProperty("subscription");
  });

  it("reads service principal tokens", async () => {
    const { result } = await tokenFor("sp", { subscription: "Contoso Old" });
    expect(result.subscription).toBe("66666666-7777-8888-9999-000000000000");
    expect(JSON.parse(Buffer.from(result.accessToken.split(".")[1]!, "base64url").toString()).n).toBe(101);
  });

  it("refuses --subscription with --tenant before reading the profile", async () => {
    await expect(tokenFor("empty", { subscription: "x", tenant: "y" })).rejects.toThrow("Please specify only one of subscription and tenant, not both");
  });

  it("reports an endpoint the cloud does not have", async () => {
    await expect(tokenFor("gov", { resourceType: "data-lake" })).rejects.toThrow(
      "The endpoint 'active_directory_data_lake_resource_id' for this cloud is not set but is used.",
    );
  });

  it("refuses another tenant for a managed identity with the latest az's message", async () => {
    await expect(tokenFor("msi", { tenant: "2f4a9838-26b7-47ee-be60-ccc1fdec5953" })).rejects.toThrow(
      "For managed identity account, getting access token for non-current tenants is not supported. The specified tenant must be the current tenant 72f988bf-0000-4000-8000-000000000001",
    );
  });
});

describe("getAccessToken errors from the cache", () => {
  it("lists the accounts as Python's repr when two share the user name, as az does", async () => {
    const addSecondAlice = (configDir: string) => {
      const path = join(configDir, "msal_token_cache.json");
      const cache = JSON.parse(readFileSync(path, "utf8"));
      cache.Account["other.72f988bf-0000-4000-8000-000000000001-login.microsoftonline.com-x"] = {
        home_account_id: "other.72f988bf-0000-4000-8000-000000000001",
        environment: "login.microsoftonline.com",
        realm: "72f988bf-0000-4000-8000-000000000001",
        local_account_id: "other",
        username: "Alice@Contoso.com",
        authority_type: "MSSTS",
      };
      writeFileSync(path, JSON.stringify(cache));
    };
    await expect(tokenFor("user", {}, undefined, addSecondAlice)).rejects.toThrow(
      "Found multiple accounts with the same username 'alice@contoso.com': " +
        "[{'home_account_id': 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee.72f988bf-0000-4000-8000-000000000001', 'environment': 'login.microsoftonline.com', " +
        "'username': 'alice@contoso.com', 'account_source': None, 'authority_type': 'MSSTS', 'local_account_id': 'aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee', " +
        "'realm': 'organizations'}, {'home_account_id': 'other.72f988bf-0000-4000-8000-000000000001', 'environment': 'login.microsoftonline.com', " +
        "'username': 'Alice@Contoso.com', 'account_source': None, 'authority_type': 'MSSTS', 'local_account_id': 'other', " +
        "'realm': '72f988bf-0000-4000-8000-000000000001'}]\nPlease report to us via Github: https://github.com/Azure/azure-cli/issues/20168",
    );
  });
});

describe("helpers", () => {
  it("turns resources into scopes without trimming", () => {
    expect(resolveScopes(undefined, undefined, "https://management.core.windows.net/")).toEqual(["https://management.core.windows.net//.default"]);
    expect(resolveScopes([], "https://vault.azure.net", "arm")).toEqual(["https://vault.azure.net/.default"]);
    expect(resolveScopes(["a", "b"], "r", "arm")).toEqual(["a", "b"]);
    expect(resolveScopes(undefined, "", "arm")).toEqual(["arm/.default"]); // az: `if resource and not scopes`
  });

  it("turns scopes back into a resource for managed identity", () => {
    expect(scopesToResource(["https://vault.azure.net/.default"])).toBe("https://vault.azure.net");
    expect(scopesToResource(["https://graph.microsoft.com//.default"])).toBe("https://graph.microsoft.com/");
    expect(scopesToResource(["api://x/user_impersonation", "b"])).toBe("api://x");
    expect(scopesToResource(["plain"])).toBe("plain");
  });

  it("reports expiry as floor(now) + int(expires_on - now)", () => {
    expect(reportedExpiry(1000.5 * 1000, 4102444800 - 1000.5)).toBe(4102444799);
    expect(reportedExpiry(1000 * 1000, 4102444800 - 1000)).toBe(4102444800);
  });

  it("formats expiresOn in the process time zone", () => {
    const saved = process.env.TZ;
    try {
      process.env.TZ = "America/New_York";
      expect(formatLocalTime(4102444799)).toBe("2099-12-31 18:59:59.000000");
      process.env.TZ = "UTC";
      expect(formatLocalTime(4102444799)).toBe("2099-12-31 23:59:59.000000");
    } finally {
      process.env.TZ = saved;
    }
  });

  it("reads the UTC fields when TZ names UTC, with the same text as the time-zone database gives", () => {
    const saved = process.env.TZ;
    try {
      for (const zone of ["UTC", ":UTC", "Etc/UTC", "GMT", "Etc/GMT", "UCT", "Universal", "Zulu"]) {
        process.env.TZ = zone;
        for (const seconds of [0, 951782400, 1700000000, 4102444799]) expect(formatLocalTime(seconds, zone), zone).toBe(formatLocalTime(seconds));
      }
      // any other zone is local time from the database; the tz argument alone decides which fields are read
      process.env.TZ = "Asia/Kolkata";
      expect(formatLocalTime(4102444799, "Asia/Kolkata")).toBe("2100-01-01 05:29:59.000000");
      expect(formatLocalTime(4102444799, "UTC")).toBe("2099-12-31 23:59:59.000000");
    } finally {
      process.env.TZ = saved;
    }
  });
});
