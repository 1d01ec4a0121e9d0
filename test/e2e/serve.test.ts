// `aztoken serve` end to end: the built CLI serves a signed-in profile (tokens refreshed through the fake Entra
// ID), and the real clients get their tokens from it: @azure/identity's ManagedIdentityCredential and
// DefaultAzureCredential, Python azure-identity (where installed), and an azd-protocol client written from
// azd's source. Also: refresh failures as clients report them, 1,000 concurrent requests for a token that must
// be refreshed, and signals. Needs `npm run build` first (npm test does it).
import { Agent } from "node:http";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { execProgram } from "./clients/support.js";
import { clientEnvironment, startServeProcess, type ServeProcess } from "./serve-support.js";
import { parseEnvFile } from "../support/env-file.js";
import { useFakeEntra } from "../support/fake-entra-suite.js";
import type { TempProfile } from "../support/profile-fixture.js";
import { findPythonWith } from "../support/python.js";
import { runCliProcess } from "../support/run-cli.js";
import { send } from "../unit/serve/support.js";

const suite = useFakeEntra();
const fixture = (name = "user") => suite.profile(name);
const fixtureScript = (name: string) => fileURLToPath(new URL(`./clients/fixtures/${name}`, import.meta.url));
const JS_CLIENT = fixtureScript("js-managed-identity.mjs");
const AZD_CLIENT = fixtureScript("azd-remote-credential.mjs");
const PY_CLIENT = fixtureScript("python_managed_identity.py");
const CLIENT_TIMEOUT_MS = 90_000;
const T1 = "72f988bf-0000-4000-8000-000000000001";
/** Resources the `user` fixture caches no token for: every answer is a token the fake Entra ID issued. */
const STORAGE = "https://storage.azure.com";
const SQL = "https://database.windows.net";

const python = findPythonWith("azure.identity");
if (!python) console.warn("skipping the Python azure-identity serve test: no python can import azure.identity (apt: python3-azure)");

const servers: ServeProcess[] = [];
const backgroundPids: number[] = [];
beforeEach(() => {
  suite.fake.log.clear();
  suite.fake.clearFaults();
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.stop()));
  for (const pid of backgroundPids.splice(0)) {
    try {
      process.kill(pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
});

async function serve(where: TempProfile, args: string[] = []): Promise<ServeProcess> {
  const server = await startServeProcess(args, where, suite.fake.env);
  servers.push(server);
  return server;
}

const tokenRequests = () => suite.fake.log.entries.filter((entry) => entry.route === "token");

async function jsClient(vars: Record<string, string>, where: TempProfile, request: { credential: "managed-identity" | "default"; scope: string; clientId?: string }) {
  const run = await execProgram(process.execPath, [JS_CLIENT, JSON.stringify(request)], { env: clientEnvironment(vars, where.home) });
  expect(run.rc, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { token?: string; expiresOnTimestamp?: number; error?: string; message?: string };
}

async function azdClient(vars: Record<string, string>, where: TempProfile, request: { scopes: string[]; tenantId?: string }) {
  const run = await execProgram(process.execPath, [AZD_CLIENT, JSON.stringify(request)], { env: clientEnvironment(vars, where.home) });
  expect(run.rc, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as { token?: string; expiresOn?: string; error?: string };
}

function expectIssuedByFake(token: string | undefined, audience: string): void {
  expect(suite.fake.verifyAccessToken(token ?? "")).toMatchObject({ aud: audience, tid: T1 });
}

describe("real clients get tokens from aztoken serve", () => {
  it("@azure/identity ManagedIdentityCredential (IDENTITY_ENDPOINT + IDENTITY_HEADER from the foreground env file)", async () => {
    const where = fixture();
    const server = await serve(where);
    const result = await jsClient(server.vars, where, { credential: "managed-identity", scope: `${STORAGE}/.default` });
    expect(result.error, result.message).toBeUndefined();
    expectIssuedByFake(result.token, STORAGE);
    expect(Math.abs(result.expiresOnTimestamp! - (Date.now() + 3599_000))).toBeLessThan(120_000);
    expect(tokenRequests()).toHaveLength(1);
    // the token is in the shared cache: get-token now answers it without the network
    const cached = await runCliProcess(["get-token", "--resource", STORAGE, "--query", "accessToken", "-o", "tsv"], { home: where.home, configDir: where.configDir, env: suite.fake.env });
    expect(cached.stdout.trim()).toBe(result.token);
    expect(tokenRequests()).toHaveLength(1);
    expect(server.stderr()).toMatch(/ GET https:\/\/storage\.azure\.com 200 \d+\.\d ms\n$/);
  }, CLIENT_TIMEOUT_MS);

  it("@azure/identity DefaultAzureCredential with the environment of `serve --print-env dotenv` (background server)", async () => {
    const where = fixture();
    const printed = await runCliProcess(["serve", "--print-env", "dotenv"], { home: where.home, configDir: where.configDir, env: suite.fake.env });
    expect(printed.rc, printed.stderr).toBe(0);
    const vars = parseEnvFile(printed.stdout);
    expect(Object.keys(vars)).toEqual(["IDENTITY_ENDPOINT", "IDENTITY_HEADER", "AZD_AUTH_ENDPOINT", "AZD_AUTH_KEY", "AZTOKEN_SERVE_PID"]);
    backgroundPids.push(Number(vars.AZTOKEN_SERVE_PID));
    const result = await jsClient(vars, where, { credential: "default", scope: `${SQL}/.default` });
    expect(result.error, result.message).toBeUndefined();
    expectIssuedByFake(result.token, SQL);
    // kill $AZTOKEN_SERVE_PID stops it
    process.kill(Number(vars.AZTOKEN_SERVE_PID), "SIGTERM");
    await expect.poll(() => alive(Number(vars.AZTOKEN_SERVE_PID)), { timeout: 10_000 }).toBe(false);
  }, CLIENT_TIMEOUT_MS);

  it.skipIf(!python)(`Python azure-identity ${python?.version ?? ""} ManagedIdentityCredential`, async () => {
    const where = fixture();
    const server = await serve(where);
    const run = await execProgram(python!.path, [PY_CLIENT, JSON.stringify({ scope: `${STORAGE}/.default` })], { env: clientEnvironment(server.vars, where.home) });
    expect(run.rc, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as { token?: string; expires_on?: number; error?: string; message?: string };
    expect(result.error, result.message).toBeUndefined();
    expectIssuedByFake(result.token, STORAGE);
    expect(Math.abs(result.expires_on! - (Date.now() / 1000 + 3599))).toBeLessThan(120);
  }, CLIENT_TIMEOUT_MS);

  it("an azd-protocol client (azd's RemoteCredential), with and without azd's tenantId", async () => {
    const where = fixture();
    const server = await serve(where);
    const result = await azdClient(server.vars, where, { scopes: [`${STORAGE}/.default`], tenantId: T1 });
    expect(result.error).toBeUndefined();
    expectIssuedByFake(result.token, STORAGE);
    expect(Math.abs(Date.parse(result.expiresOn!) - (Date.now() + 3599_000))).toBeLessThan(120_000);
    const again = await azdClient(server.vars, where, { scopes: [`${STORAGE}/.default`] });
    expect(again.token).toBe(result.token);
    expect(tokenRequests()).toHaveLength(1);
  }, CLIENT_TIMEOUT_MS);
});

describe("failures as the clients see them", () => {
  it("a refresh Entra ID refuses reaches @azure/identity and azd with Entra's message", async () => {
    const where = fixture();
    const server = await serve(where);
    suite.fake.failAlways("token", { status: 400, error: "invalid_grant", description: "The refresh token has expired due to inactivity." });
    const js = await jsClient(server.vars, where, { credential: "managed-identity", scope: `${STORAGE}/.default` });
    // @azure/identity reports any 400 from a managed-identity endpoint as "unavailable" (so a chain moves on)
    expect(js.error).toBe("CredentialUnavailableError");
    expect(js.message).toContain("The refresh token has expired due to inactivity.");
    const azd = await azdClient(server.vars, where, { scopes: [`${STORAGE}/.default`] });
    expect(azd.error).toMatch(/^RemoteCredential: failed to acquire token: code: NotSignedInError message: .*The refresh token has expired due to inactivity\./);
  }, CLIENT_TIMEOUT_MS);

  it("a wrong secret, a foreign Host, an Origin and a resource outside the allow-list are refused", async () => {
    const where = fixture();
    const server = await serve(where, ["--allow-resource", STORAGE]);
    const { vars } = server;
    const wrong = await jsClient({ ...vars, IDENTITY_HEADER: "0".repeat(64) }, where, { credential: "managed-identity", scope: `${STORAGE}/.default` });
    expect(wrong.error).toBeDefined();
    expect(wrong.message).toContain("X-IDENTITY-HEADER");
    const outside = await jsClient(vars, where, { credential: "managed-identity", scope: `${SQL}/.default` });
    expect(outside.message).toContain("allow-list");
    expect((await azdClient({ ...vars, AZD_AUTH_KEY: "x" }, where, { scopes: [`${STORAGE}/.default`] })).error).toBe("RemoteCredential: unexpected status code: 401");
    const port = new URL(vars.IDENTITY_ENDPOINT!).port;
    const url = `${vars.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=${STORAGE}`;
    expect((await send(url, { headers: { "X-IDENTITY-HEADER": vars.IDENTITY_HEADER!, Host: `rebind.example:${port}` } })).status).toBe(403);
    expect((await send(url, { headers: { "X-IDENTITY-HEADER": vars.IDENTITY_HEADER!, Origin: "https://rebind.example" } })).status).toBe(403);
    expect(tokenRequests()).toEqual([]);
  }, CLIENT_TIMEOUT_MS);
});

describe("under load and on signals", () => {
  it("1,000 concurrent requests for a token that must be refreshed: all get it, one token request upstream", async () => {
    const where = fixture();
    const server = await serve(where);
    suite.fake.failNext("token", { delayMs: 1500 }); // hold the refresh open while every request arrives
    const agent = new Agent({ keepAlive: true, maxSockets: 1000 });
    try {
      const url = `${server.vars.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=${STORAGE}`;
      const answers = await Promise.all(Array.from({ length: 1000 }, () => send(url, { headers: { "X-IDENTITY-HEADER": server.vars.IDENTITY_HEADER! }, agent })));
      expect(answers.filter((answer) => answer.status !== 200)).toEqual([]);
      expect(new Set(answers.map((answer) => answer.json.access_token)).size).toBe(1);
      expect(tokenRequests()).toHaveLength(1);
      expectIssuedByFake(String(answers[0]!.json.access_token), STORAGE);
    } finally {
      agent.destroy();
    }
  }, CLIENT_TIMEOUT_MS);

  it("SIGINT and SIGTERM shut it down cleanly: exit code 0, a last line on stderr", async () => {
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      const server = await startServeProcess([], fixture(), suite.fake.env);
      expect(await server.stop(signal)).toBe(0);
      expect(server.stderr()).toMatch(new RegExp(`Stopped \\(${signal}\\)\\.\\n$`));
    }
  }, CLIENT_TIMEOUT_MS);
});

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
