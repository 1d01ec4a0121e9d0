import { describe, expect, it } from "vitest";
import { findAccessToken, findAccounts, parseMsalCache, type MsalCacheDocument } from "../../../src/core/cache/msal-cache.js";
import { CorruptFileError } from "../../../src/core/errors.js";

const HOME = "uid.utid";
const CLIENT = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
const ENV = "login.microsoftonline.com";

function at(target: string, expiresOn: number, extra: Record<string, unknown> = {}) {
  return {
    credential_type: "AccessToken" as const,
    secret: `token-for-${target}-${expiresOn}`,
    home_account_id: HOME,
    environment: ENV,
    client_id: CLIENT,
    target,
    realm: "t1",
    expires_on: String(expiresOn),
    ...extra,
  };
}

const query = { clientId: CLIENT, environment: ENV, realm: "t1", homeAccountId: HOME };
const NOW = 1_000_000.25;

describe("findAccessToken", () => {
  it("matches when the entry's target holds every requested scope", () => {
    const cache: MsalCacheDocument = { AccessToken: { a: at("https://a/.default https://b/.default", NOW + 3600) } };
    expect(findAccessToken(cache, query, ["https://b/.default"], NOW)?.secret).toContain("https://a/.default");
    expect(findAccessToken(cache, query, ["https://a/.default", "https://b/.default"], NOW)).toBeDefined();
    expect(findAccessToken(cache, query, ["https://c/.default"], NOW)).toBeUndefined();
  });

  it("compares scopes case-sensitively, as MSAL for Python does", () => {
    const cache: MsalCacheDocument = { AccessToken: { a: at("https://a/.default", NOW + 3600) } };
    expect(findAccessToken(cache, query, ["https://A/.default"], NOW)).toBeUndefined();
  });

  it("needs five minutes left and reports int(expires_on - now)", () => {
    const cache: MsalCacheDocument = { AccessToken: { a: at("s", Math.floor(NOW) + 300) } };
    expect(findAccessToken(cache, query, ["s"], NOW)).toBeUndefined(); // 299.75 s left
    expect(findAccessToken(cache, query, ["s"], NOW - 1)?.expiresIn).toBe(300);
  });

  it("skips entries of another realm, client, environment or account, and picks the first valid one in file order", () => {
    const cache: MsalCacheDocument = {
      AccessToken: {
        realm: { ...at("s", NOW + 3600), realm: "t2" },
        client: { ...at("s", NOW + 3600), client_id: "other" },
        env: { ...at("s", NOW + 3600), environment: "login.windows.net" },
        account: { ...at("s", NOW + 3600), home_account_id: "x.y" },
        expired: { ...at("s", NOW + 10), secret: "expired" },
        first: { ...at("s", NOW + 3600), secret: "first" },
        second: { ...at("s", NOW + 7200), secret: "second" },
      },
    };
    expect(findAccessToken(cache, query, ["s"], NOW)?.secret).toBe("first");
  });

  it("matches service principal tokens by a null home account id", () => {
    const cache: MsalCacheDocument = { AccessToken: { sp: { ...at("s", NOW + 3600), home_account_id: null, client_id: "sp" } } };
    expect(findAccessToken(cache, { ...query, clientId: "sp", homeAccountId: null }, ["s"], NOW)).toBeDefined();
  });

  it("flags tokens past refresh_on as aging", () => {
    const cache: MsalCacheDocument = { AccessToken: { a: at("s", NOW + 3600, { refresh_on: String(NOW - 5) }) } };
    expect(findAccessToken(cache, query, ["s"], NOW)?.aging).toBe(true);
  });
});

describe("findAccounts", () => {
  const account = (env: string, realm: string, username = "Alice@Contoso.com", home = HOME) => ({
    home_account_id: home,
    environment: env,
    realm,
    local_account_id: "uid",
    username,
    authority_type: "MSSTS",
  });

  it("groups the per-tenant entries of one account and compares user names case-insensitively", () => {
    const cache: MsalCacheDocument = { Account: { a: account(ENV, "t1"), b: account(ENV, "organizations"), c: account(ENV, "t1", "bob@contoso.com", "b.b") } };
    expect(findAccounts(cache, ENV, "alice@contoso.com")).toHaveLength(1);
  });

  it("falls back to an alias of the authority host", () => {
    const cache: MsalCacheDocument = { Account: { a: account("login.windows.net", "t1") } };
    expect(findAccounts(cache, ENV, "alice@contoso.com")).toHaveLength(1);
    expect(findAccounts(cache, "login.microsoftonline.us", "alice@contoso.com")).toHaveLength(0);
  });
});

describe("parseMsalCache", () => {
  it("accepts an empty file and a BOM", () => {
    expect(parseMsalCache("", "/x")).toEqual({});
    expect(parseMsalCache('\uFEFF{"AccessToken": {}}', "/x")).toEqual({ AccessToken: {} });
  });

  it.each(["{", "[]", '{"AccessToken": []}', '{"Account": "x"}', "null"])("rejects %j with one line naming the file and the fix", (text) => {
    let error: unknown;
    try {
      parseMsalCache(text, "/cfg/msal_token_cache.json");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CorruptFileError);
    const message = (error as Error).message;
    expect(message).toContain("/cfg/msal_token_cache.json");
    expect(message).toContain("account clear");
    expect(message).not.toContain("\n");
  });
});
