// The patterns added to core/redact.ts for the network path.
import { describe, expect, it } from "vitest";
import { redact } from "../../../src/core/redact.js";

describe("redact: network additions", () => {
  it.each([
    ["proxy http://user:p%40ss@proxy.corp:3128/", "proxy http://<redacted>@proxy.corp:3128/"],
    ["HTTPS_PROXY=https://token@proxy:1", "HTTPS_PROXY=https://<redacted>@proxy:1"],
    ["Proxy-Authorization: Basic dXNlcjpwYXNz", "Proxy-Authorization: <redacted>"],
    ["authorization: Bearer abc.def", "authorization: <redacted>"],
    ["X-IDENTITY-HEADER: 8a7b6c", "X-IDENTITY-HEADER: <redacted>"],
  ])("%s", (input, expected) => expect(redact(input)).toBe(expected));

  it("leaves ordinary URLs alone", () => {
    const url = "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration?x=1";
    expect(redact(url)).toBe(url);
    expect(redact("mailto-like user@contoso.com")).toBe("mailto-like user@contoso.com");
  });
});
