// `serve` in-process: the App Service and azd protocols over a real loopback server, the safety checks, the
// request log, refresh failures in each protocol's error shape, shared refreshes, signals and the idle timeout.
import { statSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { CLI_CLIENT, FIXTURE_EXPIRY, profiles, stubEntra, T2, type StubEntra } from "../credentials/support.js";
import { appService, azd, send, startServe, type RunningServe } from "./support.js";

const fixtures = profiles();
const running: RunningServe[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((serve) => serve.stop()));
  fixtures.removeAll();
});

const VAULT = "https://vault.azure.net";
const STORAGE = "https://storage.azure.com";
/** A clock at which the fixture's cached tokens are an hour from expiry: fresh. */
const FRESH_NOW = (FIXTURE_EXPIRY - 3600) * 1000;

async function serve(args: string[] = [], stub: StubEntra = stubEntra({ nowMs: FRESH_NOW }), fixture = "user") {
  const where = fixtures.make(fixture);
  stub.deps.env = { ...stub.deps.env, AZURE_CONFIG_DIR: where.configDir };
  const started = await startServe(args, stub.deps);
  running.push(started);
  return { ...started, stub, configDir: where.configDir };
}

const invalidGrant = () => ({
  status: 400,
  body: { error: "invalid_grant", error_description: "AADSTS70043: The refresh token has expired due to inactivity.", error_codes: [70043] },
});

describe("App Service protocol", () => {
  it("answers a cached token in App Service's shape, from memory, without the network", async () => {
    const { vars, stub } = await serve();
    expect(vars.IDENTITY_ENDPOINT).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/msi\/token$/);
    expect(vars.IDENTITY_HEADER).toMatch(/^[0-9a-f]{64}$/);
    expect(vars.AZD_AUTH_KEY).toBe(vars.IDENTITY_HEADER);
    const first = await appService(vars, VAULT);
    expect(first.status).toBe(200);
    expect(Object.keys(first.json)).toEqual(["access_token", "expires_on", "resource", "token_type", "client_id"]);
    expect(first.json).toMatchObject({ resource: VAULT, token_type: "Bearer", client_id: CLI_CLIENT });
    expect(Number(first.json.expires_on)).toBeGreaterThan(FRESH_NOW / 1000 + 3000);
    expect(typeof first.json.expires_on).toBe("string");
    const second = await appService(vars, VAULT);
    expect(second.json.access_token).toBe(first.json.access_token);
    expect(stub.posts).toEqual([]);
  });

  it("a missing or wrong secret is 401, a foreign Host or a browser Origin 403, whatever the secret", async () => {
    const { vars } = await serve();
    const good = { "X-IDENTITY-HEADER": vars.IDENTITY_HEADER! };
    expect((await appService(vars, VAULT, {})).status).toBe(401);
    expect((await appService(vars, VAULT, { "X-IDENTITY-HEADER": "0".repeat(64) })).status).toBe(401);
    expect((await appService(vars, VAULT, { "X-IDENTITY-HEADER": vars.IDENTITY_HEADER!.slice(0, 63) })).status).toBe(401);
    const port = new URL(vars.IDENTITY_ENDPOINT!).port;
    const rebound = await appService(vars, VAULT, { ...good, Host: `attacker.example:${port}` });
    expect(rebound.status).toBe(403);
    expect(rebound.json).toMatchObject({ statusCode: 403, message: expect.stringMatching(/Host/) });
    expect((await appService(vars, VAULT, { ...good, Host: "127.0.0.1:1" })).status).toBe(403);
    expect((await appService(vars, VAULT, { ...good, Host: `localhost:${port}` })).status).toBe(200);
    expect((await appService(vars, VAULT, { ...good, Origin: "https://attacker.example" })).status).toBe(403);
    expect((await appService(vars, VAULT, { ...good, Origin: "null" })).status).toBe(403);
    expect((await appService(vars, VAULT, { ...good, "Sec-Fetch-Site": "cross-site" })).status).toBe(403);
  });

  it("--allow-resource: listed resources (any trailing slash) are served, others are 403", async () => {
    const { vars } = await serve(["--allow-resource", `${VAULT}/`, "https://management.core.windows.net/"]);
    expect((await appService(vars, VAULT)).status).toBe(200);
    expect((await appService(vars, "https://management.core.windows.net/")).status).toBe(200);
    const refused = await appService(vars, "https://graph.microsoft.com/");
    expect(refused).toMatchObject({ status: 403, json: { statusCode: 403, message: expect.stringContaining("allow-list") } });
    expect((await azd(vars, { scopes: ["https://graph.microsoft.com//.default"] })).status).toBe(403);
    expect((await azd(vars, { scopes: [`${VAULT}/.default`] })).json).toMatchObject({ status: "success" });
  });

  it("bad requests: api-version, resource, another identity, method, path", async () => {
    const { vars } = await serve();
    const secret = { "X-IDENTITY-HEADER": vars.IDENTITY_HEADER! };
    expect((await send(`${vars.IDENTITY_ENDPOINT}?api-version=2017-09-01&resource=${VAULT}`, { headers: secret })).status).toBe(400);
    expect((await send(`${vars.IDENTITY_ENDPOINT}?api-version=2019-08-01`, { headers: secret })).status).toBe(400);
    const other = await appService(vars, VAULT, undefined, "&client_id=11111111-0000-0000-0000-000000000000");
    expect(other).toMatchObject({ status: 400, json: { message: expect.stringMatching(/^Unable to load the proper Managed Identity\./) } });
    expect((await appService(vars, VAULT, undefined, `&client_id=${CLI_CLIENT.toUpperCase()}`)).status).toBe(200);
    expect((await appService(vars, VAULT, undefined, "&principal_id=x")).status).toBe(400);
    expect((await send(`${vars.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=${VAULT}`, { method: "POST", headers: secret })).status).toBe(405);
    expect((await send(`${vars.AZD_AUTH_ENDPOINT}/metadata/identity/oauth2/token`, { headers: secret })).status).toBe(404);
  });

  it("concurrent requests for a token that must be refreshed make one token request", async () => {
    const { vars, stub } = await serve([], stubEntra({ nowMs: FRESH_NOW, delayMs: 200 }));
    const answers = await Promise.all(Array.from({ length: 50 }, () => appService(vars, STORAGE)));
    expect(answers.map((answer) => answer.status)).toEqual(Array(50).fill(200));
    expect(new Set(answers.map((answer) => answer.json.access_token)).size).toBe(1);
    expect(stub.posts).toHaveLength(1);
    expect(stub.posts[0]!.form.scope).toContain(`${STORAGE}/.default`);
  });

  it("a refresh that fails passes Entra's message through in App Service's error shape, and azd's", async () => {
    const { vars } = await serve([], stubEntra({ nowMs: FRESH_NOW, fail: invalidGrant }));
    const failed = await appService(vars, STORAGE);
    expect(failed.status).toBe(400);
    expect(Object.keys(failed.json)).toEqual(["statusCode", "message", "correlationId"]);
    expect(failed.json.message).toContain("AADSTS70043: The refresh token has expired due to inactivity.");
    const viaAzd = await azd(vars, { scopes: [`${STORAGE}/.default`] });
    expect(viaAzd).toMatchObject({ status: 200, json: { status: "error", code: "NotSignedInError", message: expect.stringContaining("AADSTS70043") } });
  });
});

describe("azd external authentication", () => {
  it("answers {status, token, expiresOn} with an RFC 3339 expiry; tenantId other than the account's asks that tenant", async () => {
    const { vars, stub } = await serve();
    const answer = await azd(vars, { scopes: ["https://management.azure.com//.default"], tenantId: "72f988bf-0000-4000-8000-000000000001" });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json)).toEqual(["status", "token", "expiresOn"]);
    expect(answer.json.expiresOn).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(stub.posts).toEqual([]);
    const other = await azd(vars, { scopes: ["https://management.core.windows.net//.default"], tenantId: T2 });
    expect(other.json).toMatchObject({ status: "success" });
    expect(stub.posts).toEqual([]); // the fixture caches this tenant's ARM token too
  });

  it("a wrong key is 401, a malformed body 400, a wrong api-version 400", async () => {
    const { vars } = await serve();
    expect((await azd(vars, { scopes: ["x"] }, "nope")).status).toBe(401);
    expect((await azd(vars, { scopes: [] })).status).toBe(400);
    expect((await azd(vars, { nothing: true })).status).toBe(400);
    const wrongVersion = await send(`${vars.AZD_AUTH_ENDPOINT}/token?api-version=2020-01-01`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Authorization: `Bearer ${vars.AZD_AUTH_KEY}` },
      body: "{}",
    });
    expect(wrongVersion.status).toBe(400);
  });
});

describe("running", () => {
  it("logs one line per request on stderr, never a token or the secret", async () => {
    const { vars, deps } = await serve();
    const ok = await appService(vars, VAULT);
    await appService(vars, VAULT, {});
    await azd(vars, { scopes: [`${VAULT}/.default`] });
    const lines = deps.io.stderr.text().trim().split("\n").slice(1);
    expect(lines).toEqual([
      expect.stringMatching(/^\d{4}-\d\d-\d\dT[\d:.]+Z GET https:\/\/vault\.azure\.net 200 \d+\.\d ms$/),
      expect.stringMatching(/ GET https:\/\/vault\.azure\.net 401 \d+\.\d ms$/),
      expect.stringMatching(/ POST https:\/\/vault\.azure\.net\/\.default 200 \d+\.\d ms$/),
    ]);
    expect(deps.io.stderr.text()).not.toContain(String(ok.json.access_token));
    expect(deps.io.stderr.text()).not.toContain(vars.IDENTITY_HEADER);
  });

  it("SIGINT and SIGTERM stop it cleanly: rc 0, the port closed", async () => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      const { vars, deps, stop } = await serve();
      await appService(vars, VAULT);
      expect(await stop(signal)).toBe(0);
      expect(deps.io.stderr.text()).toMatch(new RegExp(`Stopped \\(${signal}\\)\\.\\n$`));
      await expect(appService(vars, VAULT)).rejects.toThrow(/ECONNREFUSED/);
    }
  });

  it("--idle-timeout stops it after that long without a request", async () => {
    const stub = stubEntra({ nowMs: FRESH_NOW });
    stub.deps.clock = { now: () => Date.now() };
    const { done, deps } = await serve(["--idle-timeout", "0.3"], stub);
    expect(await done).toBe(0);
    expect(deps.io.stderr.text()).toContain("Stopped (no request for 0.3 s).");
  });

  it("--socket: a Unix socket created 0600, any Host accepted, removed on exit", async () => {
    const where = fixtures.make("user");
    const path = join(where.home, "aztoken.sock");
    const { vars, stop } = await serve(["--socket", path]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(vars.AZTOKEN_SOCKET).toBe(path);
    const answer = await send(`http://localhost/msi/token?api-version=2019-08-01&resource=${VAULT}`, {
      socketPath: path,
      headers: { "X-IDENTITY-HEADER": vars.IDENTITY_HEADER!, Host: "whatever" },
    });
    expect(answer.status).toBe(200);
    await stop();
    expect(() => statSync(path)).toThrow();
  });

  it("bad flags are one ERROR line, rc 1", async () => {
    for (const [args, message] of [
      [["--port", "99999"], "--port must be a number from 0 to 65535"],
      [["--socket", "/tmp/x", "--bind", "0.0.0.0"], "--socket cannot be combined"],
      [["--idle-timeout", "soon"], "--idle-timeout must be a number of seconds"],
    ] as const) {
      const stub = stubEntra({ nowMs: FRESH_NOW });
      stub.deps.env = { AZURE_CONFIG_DIR: fixtures.make("user").configDir };
      const { runCli } = await import("../../../src/cli/run.js");
      expect(await runCli(["serve", ...args], stub.deps)).toBe(1);
      expect(stub.deps.io.stderr.text()).toMatch(new RegExp(`^ERROR: ${message.replace(/[-.]/g, "\\$&")}[^\\n]*\\n$`));
    }
  });
});
