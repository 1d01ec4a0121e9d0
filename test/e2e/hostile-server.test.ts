// A hostile or broken identity provider, ARM and network (issue 11): the built CLI against the fake Entra ID told
// to misbehave. Each case is a promise: no secret sent to the wrong server, no token over plain HTTP, no hang, no
// garbage printed as a token, and an error that says what happened.
import { chmodSync, chownSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { useFakeEntra } from "../support/fake-entra-suite.js";
import type { TempProfile } from "../support/profile-fixture.js";
import { runInPseudoTerminal } from "../support/pty.js";
import { runCliProcess, type CliRunOptions } from "../support/run-cli.js";

const SUB = "11111111-2222-3333-4444-555555555555";
const SP = "99999999-8888-7777-6666-555555555555";
const T1 = "72f988bf-0000-4000-8000-000000000001";
const STORAGE = "https://storage.azure.com";
// TEST-NET-3: never a real host; the fake's proxy answers for it with a certificate that does not name it.
const IMPOSTOR_IP = "203.0.113.7";
const IMPOSTOR_NAME = "login.impostor.test";

const suite = useFakeEntra({ impostorHosts: [IMPOSTOR_IP, IMPOSTOR_NAME] });
beforeEach(() => {
  suite.fake.log.clear();
  suite.fake.clearFaults();
});

function run(args: string[], where: TempProfile, env: Record<string, string> = {}, extra: Partial<CliRunOptions> = {}) {
  return runCliProcess(args, { home: where.home, configDir: where.configDir, env: { ...suite.fake.env, ...env }, timeoutMs: 30_000, ...extra });
}

const cacheText = (where: TempProfile) => readFileSync(join(where.configDir, "msal_token_cache.json"), "utf8");
const oneErrorLine = (stderr: string) => {
  expect(stderr).toMatch(/^ERROR: /);
  expect(stderr.trimEnd().split("\n")).toHaveLength(1);
};

/** The AzureCloud endpoints overridden in clouds.config, as `az cloud update` writes them. */
function overrideEndpoints(where: TempProfile, endpoints: Record<string, string>): void {
  const lines = Object.entries(endpoints).map(([name, url]) => `endpoint_${name} = ${url}`);
  writeFileSync(join(where.configDir, "clouds.config"), `[AzureCloud]\nsubscription = ${SUB}\n${lines.join("\n")}\n\n`);
}

describe("item 1: TLS through a proxy verifies the target it tunnels to", () => {
  it.each([
    ["an IP address", IMPOSTOR_IP],
    ["a host name", IMPOSTOR_NAME],
  ])("an authority given as %s whose certificate does not name it gets no client secret", async (_label, host) => {
    const where = suite.profile("sp");
    overrideEndpoints(where, { active_directory: `https://${host}` });
    const result = await run(["account", "get-access-token", "--resource", STORAGE], where);
    expect(result.stdout).toBe("");
    expect(result.rc).toBe(1);
    oneErrorLine(result.stderr);
    expect(result.stderr).toContain(`TLS connection to ${host}`);
    expect(result.stderr).toContain("does not match the host name");
    expect(suite.fake.log.connects.map((c) => c.target)).toEqual([`${host}:443`]);
    expect(suite.fake.log.entries).toEqual([]); // the tunnel was opened, but nothing was posted through it
  });

  it("an IP authority whose certificate names that IP still works through the proxy", async () => {
    const where = suite.profile("sp");
    overrideEndpoints(where, { active_directory: suite.fake.httpsUrl });
    const result = await run(["account", "get-access-token", "--resource", STORAGE, "--query", "tokenType", "-o", "tsv"], where);
    expect(result).toMatchObject({ rc: 0, stdout: "Bearer\n", stderr: "" });
    expect(suite.fake.log.entries.map((e) => [e.transport, e.route])).toEqual([["https-tunnel", "token"]]);
  });
});

describe("item 3: no hang where the answer is known", () => {
  it("a token endpoint asking to retry after 100000 s is retried after a few seconds, not a day", async () => {
    const where = suite.profile("user_exp299");
    suite.fake.failNext("token", { status: 429, retryAfter: 100_000 });
    // The child is killed after 40 s: an uncapped wait (or the old 60 s cap) fails here.
    const result = await run(["account", "get-access-token", "--query", "tokenType", "-o", "tsv"], where, {}, { timeoutMs: 40_000 });
    expect(result).toMatchObject({ rc: 0, stdout: "Bearer\n", stderr: "" });
    expect(suite.fake.log.tokenRequests()).toHaveLength(2);
  }, 60_000);

  it("a configuration folder the user cannot write fails at once, naming the folder", async () => {
    const where = suite.profile("user_exp299");
    const before = cacheText(where);
    const asOtherUser = unwritableFolder(where);
    // NODE_EXTRA_CA_CERTS off: the fake's CA file is not readable by the other user, and no request is made
    // killed after 30 s, before the old 45 s lock wait could end
    const result = await run(["account", "get-access-token"], where, { NODE_EXTRA_CA_CERTS: "" }, { timeoutMs: 30_000, ...asOtherUser });
    expect(result.stdout).toBe("");
    expect(result.rc).toBe(1);
    oneErrorLine(result.stderr);
    expect(result.stderr).toContain(where.configDir);
    expect(result.stderr).toMatch(/permission denied|not writable/i);
    expect(result.stderr).not.toMatch(/lockfile|Could not lock/);
    expect(suite.fake.log.entries).toEqual([]); // no token request it could not have saved
    expect(cacheText(where)).toBe(before);
  }, 60_000);
});

/**
 * Makes the config folder read-only for the CLI: chmod for an ordinary user; as root (who ignores modes) the
 * files are handed to `nobody` and the CLI runs as `nobody` in a folder still owned by root.
 */
function unwritableFolder(where: TempProfile): Partial<CliRunOptions> {
  const root = process.getuid?.() === 0;
  if (!root) {
    chmodSync(where.configDir, 0o555);
    return {};
  }
  const nobody = 65534;
  chmodSync(where.home, 0o755);
  chmodSync(where.configDir, 0o755);
  for (const file of readdirSync(where.configDir)) chownSync(join(where.configDir, file), nobody, nobody);
  return { uid: nobody, gid: nobody };
}

describe("item 4: garbage from the token endpoint is never printed as a token", () => {
  const good = { token_type: "Bearer", scope: `${STORAGE}/.default`, expires_in: 3599, ext_expires_in: 3599, access_token: "eyJ0eXAiOiJKV1QifQ.eyJhIjoxfQ.c2ln" };
  it.each([
    ["expires_in 'soon'", { ...good, expires_in: "soon" }, /expires_in/],
    ["expires_in 10^18", { ...good, expires_in: 1e18 }, /expires_in/],
    ["access_token 12345", { ...good, access_token: 12345 }, /access_token/],
    ["access_token as an object", { ...good, access_token: { value: "x" } }, /access_token/],
  ])("a service principal token with %s: one line, cache untouched", async (_label, body, field) => {
    const where = suite.profile("sp");
    const before = cacheText(where);
    suite.fake.failNext("token", { status: 200, body });
    const result = await run(["account", "get-access-token", "--resource", STORAGE], where);
    expect(result.stdout).toBe("");
    expect(result.rc).toBe(1);
    oneErrorLine(result.stderr);
    expect(result.stderr).toMatch(field);
    expect(result.stderr).toContain("login.microsoftonline.com");
    expect(cacheText(where)).toBe(before);
  });

  it("a user refresh answered with expires_in 'soon': one line, cache untouched", async () => {
    const where = suite.profile("user_exp299");
    const before = cacheText(where);
    suite.fake.failNext("token", { status: 200, body: { ...good, expires_in: "soon", refresh_token: "rt-garbage" } });
    const result = await run(["account", "get-access-token"], where);
    expect(result.rc).toBe(1);
    expect(result.stdout).toBe("");
    oneErrorLine(result.stderr);
    expect(result.stderr).toMatch(/expires_in/);
    expect(cacheText(where)).toBe(before);
  });

  it("a managed identity token expiring in 10^18 s is refused", async () => {
    const where = suite.profile("msi");
    suite.fake.failNext("imds", { status: 200, body: { access_token: "mi-token", expires_in: "1000000000000000000", token_type: "Bearer", resource: "https://management.azure.com/" } });
    const result = await run(["account", "get-access-token"], where);
    expect(result.rc).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^ERROR: Failed to connect to MSI.*\nError detail: the token response has no valid expires_on or expires_in\n$/);
    expect(result.stderr).not.toContain("mi-token");
    expect(result.stderr).not.toContain("NaN");
  });

  it.each([
    ["the string '1e30'", "1e30"],
    ["a 31-digit number", "1000000000000000000000000000000"],
    ["not a number", "soon"],
  ])("a cached token whose expires_on is %s counts as expired and is refreshed", async (_label, expiresOn) => {
    const where = suite.profile("user");
    const cache = JSON.parse(cacheText(where)) as { AccessToken: Record<string, { expires_on: string; target: string; secret: string }> };
    const arm = Object.values(cache.AccessToken).find((entry) => entry.target.startsWith("https://management.core.windows.net/"))!;
    arm.expires_on = expiresOn;
    writeFileSync(join(where.configDir, "msal_token_cache.json"), JSON.stringify(cache, null, 4));
    const result = await run(["account", "get-access-token", "-o", "json"], where);
    expect(result.stderr).toBe("");
    expect(result.rc).toBe(0);
    const printed = JSON.parse(result.stdout) as { accessToken: string; expiresOn: string; expires_on: number };
    expect(printed.accessToken).not.toBe(arm.secret);
    expect(suite.fake.verifyAccessToken(printed.accessToken)).toBeDefined();
    expect(printed.expiresOn).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}$/);
    expect(suite.fake.log.tokenRequests()).toHaveLength(1);
  });
});

describe("item 5: ARM tokens go only to the cloud's ARM host, over HTTPS", () => {
  const login = ["login", "--service-principal", "-u", SP, "-p", "fake-secret", "--tenant", T1, "-o", "none"];
  const bearerSent = () => suite.fake.log.entries.filter((e) => /^bearer /i.test(e.headers.authorization ?? ""));

  it.each([
    ["plain HTTP to the same host", "http://management.azure.com/subscriptions?api-version=2019-11-01&$skiptoken=1"],
    ["HTTPS to another host", `https://127.0.0.1:${"PORT"}/subscriptions?api-version=2019-11-01&$skiptoken=1`],
    ["plain HTTP to another host", "http://127.0.0.1:PORT/steal?api-version=2019-11-01"],
  ])("a nextLink to %s is not followed", async (_label, link) => {
    const where = suite.profile("empty");
    const nextLink = link.replace("PORT", String(new URL(link.startsWith("https") ? suite.fake.httpsUrl : suite.fake.httpUrl).port));
    suite.fake.failNext("subscriptions", { status: 200, body: { value: [], nextLink } });
    const result = await run(login, where);
    expect(result.rc).toBe(1);
    oneErrorLine(result.stderr);
    expect(result.stderr).toContain("nextLink");
    expect(bearerSent().map((e) => `${e.host} ${e.path}`)).toEqual(["management.azure.com /subscriptions"]);
  });

  it("an http:// resource manager endpoint in clouds.config is refused before any token is sent", async () => {
    const where = suite.profile("empty");
    overrideEndpoints(where, { resource_manager: "http://management.azure.com/" });
    const result = await run(login, where);
    expect(result.rc).toBe(1);
    oneErrorLine(result.stderr);
    expect(result.stderr).toContain("http://management.azure.com/");
    expect(bearerSent()).toEqual([]);
  });

  it("account list --refresh does not follow a nextLink to plain HTTP either, and keeps the accounts", async () => {
    const where = suite.profile("sp");
    const profileBefore = readFileSync(join(where.configDir, "azureProfile.json"), "utf8");
    suite.fake.failNext("subscriptions", { status: 200, body: { value: [], nextLink: `${suite.fake.httpUrl}/steal?api-version=2019-11-01` } });
    const result = await run(["account", "list", "--refresh", "-o", "none"], where);
    // az's rule: an identity whose refresh fails keeps its accounts, with a warning
    expect(result.rc).toBe(0);
    expect(result.stderr).toMatch(/^WARNING: Refreshing for '.*' failed with an error 'ARM answered with a nextLink to http:\/\/127\.0\.0\.1:\d+, not https:\/\/management\.azure\.com/);
    expect(bearerSent().map((e) => e.path)).toEqual(["/subscriptions"]);
    expect(readFileSync(join(where.configDir, "azureProfile.json"), "utf8")).toBe(profileBefore);
  });
});

/** Control characters a terminal acts on: all but tab, newline and the CR of a CRLF. */
const CONTROL_EXCEPT_LINE_ENDS = /\r(?!\n)|[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

describe("item 7: errors say what happened", () => {
  it.each([
    ["a CA bundle path that does not exist", { REQUESTS_CA_BUNDLE: "/nonexistent/ca.pem" }, /REQUESTS_CA_BUNDLE|\/nonexistent\/ca\.pem/],
    ["a CA bundle without a PEM certificate", { REQUESTS_CA_BUNDLE: "/etc/hostname" }, /contains no PEM certificates/],
    ["a malformed proxy URL", { HTTPS_PROXY: "http://[::1", https_proxy: "http://[::1" }, /proxy URL/i],
  ])("%s is reported as such, not as MSAL's network_error", async (_label, env, message) => {
    for (const fixture of ["user_exp299", "sp", "msi"]) {
      const where = suite.profile(fixture);
      const args = fixture === "sp" ? ["account", "get-access-token", "--resource", STORAGE] : ["account", "get-access-token"];
      // IMDS is plain HTTP: its proxy is HTTP_PROXY
      const result = await run(args, where, fixture === "msi" && "HTTPS_PROXY" in env ? { HTTP_PROXY: env.HTTPS_PROXY, http_proxy: env.HTTPS_PROXY } : env);
      expect(result.rc, fixture).toBe(1);
      expect(result.stderr, fixture).toMatch(/^ERROR: /);
      if (fixture !== "msi") oneErrorLine(result.stderr); // az's MSI errors put the detail on a second line
      expect(result.stderr, fixture).toMatch(message);
      expect(result.stderr, fixture).not.toMatch(/network_error|aka\.ms/);
    }
  }, 90_000);

  it("control characters in Entra's error text are escaped before they reach the terminal", async () => {
    const where = suite.profile("user_exp299");
    suite.fake.failNext("token", { status: 400, error: "invalid_grant", description: "bad\u001b]0;owned\u0007 grant\u001b[2J\u009b31m\rspoof" });
    const result = await run(["account", "get-access-token"], where);
    expect(result.rc).toBe(1);
    expect(result.stderr).not.toMatch(CONTROL_EXCEPT_LINE_ENDS);
    expect(result.stderr).toContain("bad\\x1b]0;owned\\x07 grant\\x1b[2J\\x9b31m\\rspoof");
  });

  it("control characters in subscription names are escaped on a terminal, and kept for pipes", async () => {
    const where = suite.profile("user");
    const profilePath = join(where.configDir, "azureProfile.json");
    const text = readFileSync(profilePath, "utf8").replace("Contoso Dev", "Contoso\\u001b[31m Dev\\u0007\\u009b");
    writeFileSync(profilePath, text);
    for (const format of ["table", "tsv", "yaml", "json"]) {
      const onTerminal = await runInPseudoTerminal(["account", "list", "--all", "-o", format], { home: where.home, configDir: where.configDir });
      expect(onTerminal.rc, format).toBe(0);
      expect(onTerminal.stdout, format).toContain("Contoso");
      expect(onTerminal.stdout, format).not.toMatch(CONTROL_EXCEPT_LINE_ENDS);
    }
    const onTerminal = await runInPseudoTerminal(["account", "list", "--all", "-o", "tsv", "--query", "[0].name"], { home: where.home, configDir: where.configDir });
    expect(onTerminal.stdout).toBe("Contoso\\x1b[31m Dev\\x07\\x9b\n");
    const piped = await run(["account", "list", "--all", "-o", "tsv", "--query", "[0].name"], where);
    expect(piped.stdout).toBe("Contoso\u001b[31m Dev\u0007\u009b\n"); // the bytes az prints, for scripts
  }, 90_000);
});
