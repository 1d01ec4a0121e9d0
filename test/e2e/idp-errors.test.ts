// An identity provider that fails: the refresh of an expiring token meets 500s, 429s, HTML, resets, a hang
// and a closed port. Each ends in one clear ERROR line (or a success after MSAL's single retry), and the token
// cache is never damaged.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { useFakeEntra } from "../support/fake-entra-suite.js";
import type { Fault } from "../support/fake-entra/index.js";
import type { TempProfile } from "../support/profile-fixture.js";
import { runCliProcess } from "../support/run-cli.js";

const suite = useFakeEntra();
beforeEach(() => {
  suite.fake.log.clear();
  suite.fake.clearFaults();
});

function refresh(where: TempProfile, env: Record<string, string> = {}) {
  return runCliProcess(["account", "get-access-token", "--query", "tokenType", "-o", "tsv"], {
    home: where.home,
    configDir: where.configDir,
    env: { ...suite.fake.env, ...env },
    timeoutMs: 90_000,
  });
}

const cacheText = (where: TempProfile) => readFileSync(join(where.configDir, "msal_token_cache.json"), "utf8");
const tokenRequests = () => suite.fake.log.entries.filter((entry) => entry.route === "token").length;

describe("the token endpoint fails", () => {
  it("recovers from one 500 or 429 with a single retry", async () => {
    for (const fault of [{ status: 500 }, { status: 429, retryAfter: 1 }] satisfies Fault[]) {
      const where = suite.profile("user_exp299");
      suite.fake.log.clear();
      suite.fake.failNext("token", fault, 1);
      const run = await refresh(where);
      expect(run).toMatchObject({ rc: 0, stdout: "Bearer\n", stderr: "" });
      expect(tokenRequests()).toBe(2);
    }
  });

  it.each([
    ["a 500 every time", { status: 500 } satisfies Fault],
    ["an HTML page", { nonJson: true } satisfies Fault],
    ["a reset connection", { reset: true } satisfies Fault],
  ])("reports %s on one line and leaves the cache as it was", async (_label, fault) => {
    const where = suite.profile("user_exp299");
    const before = cacheText(where);
    suite.fake.failAlways("token", fault);
    const run = await refresh(where);
    expect(run.rc).toBe(1);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/^ERROR: /);
    expect(run.stderr).not.toMatch(/\n {4}at /); // no stack trace
    expect(run.stderr).not.toContain("fake-rt");
    expect(cacheText(where)).toBe(before);
  });

  // The HTTP client parses responses itself (src/infra/http/wire.ts): broken HTTP is one line naming the host.
  it.each([
    ["garbage instead of HTTP", "\x16\x03\x01\x00 not HTTP\r\n\r\n", "Invalid HTTP status line"],
    ["an answer cut short", 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{"token_type":"Bearer","access_token":"eyJ', "Connection closed before the whole response arrived"],
    ["headers that never end", `HTTP/1.1 200 OK\r\n${"X-Pad: aaaaaaaaaa\r\n".repeat(5000)}`, "Response headers larger than 64 KiB"],
    ["a chunked body that lies about its chunks", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n", "Invalid chunk size in a chunked response"],
  ])("reports %s from the token endpoint on one line naming the host", async (_label, raw, message) => {
    const where = suite.profile("user_exp299");
    const before = cacheText(where);
    suite.fake.failAlways("token", { raw });
    const run = await refresh(where);
    expect(run).toMatchObject({ rc: 1, stdout: "" });
    expect(run.stderr).toBe(`ERROR: ${message} (login.microsoftonline.com)\n`);
    expect(cacheText(where)).toBe(before);
  });

  it("gives up on a token endpoint that never answers, with the time-out named", async () => {
    const where = suite.profile("user_exp299");
    const before = cacheText(where);
    suite.fake.failAlways("token", { hang: true });
    const run = await refresh(where);
    expect(run.rc).toBe(1);
    expect(run.stderr).toMatch(/^ERROR: .*login\.microsoftonline\.com.*timed out/);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(cacheText(where)).toBe(before);
  }, 120_000);

  it("names the host when nothing listens on the proxy port", async () => {
    const where = suite.profile("user_exp299");
    const run = await refresh(where, { HTTPS_PROXY: "http://127.0.0.1:9", https_proxy: "http://127.0.0.1:9" });
    expect(run.rc).toBe(1);
    expect(run.stderr).toMatch(/^ERROR: .*login\.microsoftonline\.com/);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
  });
});
