// Garbage from a token endpoint or in the cache file is never printed as a token (issue 11, item 4): the pure
// checks behind the end-to-end cases in test/e2e/hostile-server.test.ts.
import { describe, expect, it } from "vitest";
import { findAccessToken, type MsalCacheDocument } from "../../../src/core/cache/msal-cache.js";
import { tokenResponseProblem } from "../../../src/core/cache/msal-cache-writer.js";
import { LATEST_EXPIRY_SECONDS } from "../../../src/core/cache/token-expiry.js";

const NOW = 1_800_000_000;

describe("tokenResponseProblem", () => {
  it.each([
    [{ access_token: "t", expires_in: 3599 }],
    [{ access_token: "t", expires_in: "3599", ext_expires_in: "7200", refresh_in: 1800 }],
    [{ access_token: "t", expires_on: String(NOW + 60) }],
    [{ access_token: "t" }], // no expiry at all: MSAL's 600 s
    [{ access_token: "t", expires_in: LATEST_EXPIRY_SECONDS - NOW }],
  ])("accepts %j", (response) => expect(tokenResponseProblem(response, NOW)).toBeUndefined());

  it.each([
    [{ access_token: 12345, expires_in: 3599 }, "access_token is 12345, not a token"],
    [{ access_token: { value: "x" }, expires_in: 3599 }, 'access_token is {"value":"x"}, not a token'],
    [{ access_token: "", expires_in: 3599 }, 'access_token is "", not a token'],
    [{ expires_in: 3599 }, "access_token is missing, not a token"],
    [{ access_token: "t", expires_in: "soon" }, 'expires_in is "soon", not a number of seconds'],
    [{ access_token: "t", expires_in: "1e30" }, 'expires_in is "1e30", not a number of seconds'],
    [{ access_token: "t", expires_in: 3599, ext_expires_in: [] }, "ext_expires_in is [], not a number of seconds"],
    [{ access_token: "t", expires_in: 1e18 }, "expires_in is 1000000000000000000, out of range"],
    [{ access_token: "t", expires_in: -5 }, "expires_in is -5, out of range"],
    [{ access_token: "t", expires_on: "99999999999999" }, 'expires_on is "99999999999999", out of range'],
  ])("refuses %j", (response, problem) => expect(tokenResponseProblem(response as never, NOW)).toBe(problem));

  it("never quotes more than 40 characters of a server's value", () => {
    expect(tokenResponseProblem({ access_token: "t", expires_in: "x".repeat(10_000) }, NOW)).toBe(`expires_in is "${"x".repeat(36)}..., not a number of seconds`);
  });
});

describe("findAccessToken with unusable cache entries", () => {
  const query = { clientId: "C", environment: "E", realm: "R", homeAccountId: null };
  const entry = (fields: Record<string, unknown>) => ({ credential_type: "AccessToken", secret: "cached", home_account_id: null, environment: "E", client_id: "C", realm: "R", target: "s", expires_on: String(NOW + 3600), ...fields });
  const find = (fields: Record<string, unknown>) => findAccessToken({ AccessToken: { k: entry(fields) } } as unknown as MsalCacheDocument, query, ["s"], NOW);

  it("serves a usable entry (a JSON number expiry too)", () => {
    expect(find({})).toMatchObject({ secret: "cached", expiresIn: 3600 });
    expect(find({ expires_on: NOW + 600 })).toMatchObject({ expiresIn: 600 });
  });

  it.each([["1e30"], ["1000000000000000000000000000000"], [1e30], ["soon"], [""], [null], ["12abc"]])("treats expires_on %j as expired", (expiresOn) => {
    expect(find({ expires_on: expiresOn })).toBeUndefined();
  });

  it("treats a secret that is not a string as missing", () => {
    expect(find({ secret: 12345 })).toBeUndefined();
  });

  it("ignores a refresh_on that is not a number", () => {
    expect(find({ refresh_on: "soon" })).toMatchObject({ aging: false });
  });
});
