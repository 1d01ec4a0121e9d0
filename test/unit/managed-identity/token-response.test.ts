import { describe, expect, it } from "vitest";
import { parseExpiresOn, parseTokenResponse } from "../../../src/core/credentials/managed-identity/token-response.js";
import { MsiDetailError } from "../../../src/core/credentials/managed-identity/errors.js";

const NOW_MS = 1_700_000_000_900;

describe("expires_on parsing", () => {
  it.each([
    ["epoch string (IMDS, Cloud Shell)", "1605238724", 1605238724],
    ["epoch number", 1605238724, 1605238724],
    ["fractional epoch", "1605238724.9", 1605238724],
    ["App Service 2017 date, +00:00", "11/05/2021 15:18:31 +00:00", 1636125511],
    ["App Service 2017 date, colon already stripped", "11/05/2021 15:18:31 +0000", 1636125511],
    ["App Service 2017 date with another offset", "11/05/2021 17:18:31 +02:00", 1636125511],
    ["negative offset", "11/05/2021 10:18:31 -05:00", 1636125511],
    ["single-digit month and day", "1/5/2021 01:02:03 +00:00", Date.UTC(2021, 0, 5, 1, 2, 3) / 1000],
    ["ISO 8601 (MSAL accepts it)", "2021-11-05T15:18:31Z", 1636125511],
  ])("%s", (_name, value, expected) => {
    expect(parseExpiresOn(value)).toBe(expected);
  });

  it.each([["garbage"], [""], [null], [{}], ["13/45/2021 99:99:99"], ["13/05/2021 15:18:31 +00:00"], ["02/30/2021 15:18:31 +00:00"], ["11/05/2021 24:00:00 +00:00"]])("rejects %j", (value) => {
    expect(parseExpiresOn(value)).toBeNaN();
  });
});

describe("token response", () => {
  const body = (o: Record<string, unknown>) => JSON.stringify({ access_token: "tok", token_type: "Bearer", ...o });

  it("IMDS-style sources report floor(now) + int(expires_in), as latest az does", () => {
    expect(parseTokenResponse(body({ expires_in: "86399", expires_on: "1" }), "expires_in", NOW_MS)).toEqual({ token: "tok", expiresOn: 1_700_000_000 + 86399 });
  });

  it("App Service-style sources report int(expires_on)", () => {
    expect(parseTokenResponse(body({ expires_in: "5", expires_on: "11/05/2021 15:18:31 +00:00" }), "expires_on", NOW_MS).expiresOn).toBe(1636125511);
  });

  it("falls back to the other field", () => {
    expect(parseTokenResponse(body({ expires_on: "1605238724" }), "expires_in", NOW_MS).expiresOn).toBe(1605238724);
    expect(parseTokenResponse(body({ expires_in: 3599 }), "expires_on", NOW_MS).expiresOn).toBe(1_700_000_000 + 3599);
  });

  it.each([
    ["not JSON", "<html>oops</html>", /not JSON/],
    ["no token", JSON.stringify({ expires_in: "1" }), /no access_token/],
    ["JSON null", "null", /no access_token/],
    ["no expiry", body({}), /no valid expires_on/],
    ["bad expiry", body({ expires_on: "soon" }), /no valid expires_on/],
  ])("rejects a body with %s", (_name, text, message) => {
    expect(() => parseTokenResponse(text, "expires_on", NOW_MS)).toThrow(MsiDetailError);
    expect(() => parseTokenResponse(text, "expires_on", NOW_MS)).toThrow(message);
  });
});
