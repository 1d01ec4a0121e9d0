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

describe("redact: hostile input (issue 11)", () => {
  // The JWT pattern redact() used to run; its scan must mask exactly what this matched.
  const OLD_JWT_PATTERN = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*/g;

  it("the JWT scan masks exactly what the old JWT pattern matched", () => {
    // Characters that only the JWT rule reacts to, so both sides see the same input.
    const alphabet = ["eyJ", "eyJ", "a", "Z", "0", "-", "_", ".", " ", ",", "é"];
    let seed = 11;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let n = 0; n < 5000; n++) {
      const text = Array.from({ length: Math.floor(random() * 30) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
      expect(redact(text), JSON.stringify(text)).toBe(text.replace(OLD_JWT_PATTERN, "<redacted>"));
    }
  });

  // Each shape made the old patterns rescan a run from every position: a 128 KB one took ~20 s. A quadratic
  // scan of 1 MB would take minutes; linear takes tens of milliseconds (numbers in the closing report).
  const MB = 1 << 20;
  const repeat = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  it.each([
    ["eyJ-", repeat("eyJ-")],
    ["eyJaaaa.", repeat("eyJaaaa.")],
    ["a-", repeat("a-")],
    ["a.", repeat("a.")],
    ["spaces after Bearer", `Bearer${repeat(" ")}`],
    ["spaces after authorization", `authorization${repeat(" ")}`],
    ["an unterminated JSON secret", `"password": "${repeat("x")}`],
    ["escaped quotes", `"password": "${repeat('\\"')}`],
    ["form fields", repeat("&password=")],
    ["a mixture", repeat("eyJhbGc-.password=x&Bearer  a-b.c:// ")],
  ])("1 MB of %s is redacted in linear time and a secret after it is still masked", (_label, hostile) => {
    const started = performance.now();
    const out = redact(`${hostile} client_secret=s3cr3t`);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(out).not.toContain("s3cr3t");
  });
});
