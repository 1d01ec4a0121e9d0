// Token requests end to end: the built CLI (cwd /, stdin closed, temp HOME/AZURE_CONFIG_DIR) against the fake
// Entra ID through its HTTPS-intercepting proxy, trusting its CA; then the real az reads what aztoken wrote.
// Needs `npm run build` first (npm test does it).
import { readFileSync, writeFileSync } from "node:fs";
import { join, sep } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { defaultDirectory, GOLDEN_FEDERATED_TOKEN, type FakeEntra } from "../support/fake-entra/index.js";
import { useFakeEntra } from "../support/fake-entra-suite.js";
import type { TempProfile } from "../support/profile-fixture.js";
import { GOLDEN_DIR } from "../support/paths.js";
import { runCliProcess } from "../support/run-cli.js";
import { writeCertificatePem } from "./login-support.js";
import { needRealAz, runRealAz } from "./network-support/real-az.js";
import { expectMode } from "../support/platform.js";

const T1 = "72f988bf-0000-4000-8000-000000000001";
const SP_ID = "99999999-8888-7777-6666-555555555555";
const STORAGE = "https://storage.azure.com";

const suite = useFakeEntra();
let fake: FakeEntra;
beforeEach(() => {
  fake = suite.fake;
  fake.log.clear();
  fake.clearFaults();
});
const profile = (fixture: string): TempProfile => suite.profile(fixture);

function run(args: string[], where: TempProfile, env: Record<string, string> = {}) {
  return runCliProcess(args, { home: where.home, configDir: where.configDir, env: { ...fake.env, ...env }, timeoutMs: 60_000 });
}

const cacheFile = (where: TempProfile) => join(where.configDir, "msal_token_cache.json");
const tokenRequests = () => fake.log.entries.filter((entry) => entry.route === "token");
const accessTokenOf = (stdout: string) => (JSON.parse(stdout) as { accessToken: string }).accessToken;

describe("user refresh through the fake Entra ID", () => {
  it("refreshes a token with 299 s left in one POST, no discovery, and the next run is a cache hit", async () => {
    const where = profile("user_exp299");
    const first = await run(["account", "get-access-token", "-o", "json"], where);
    expect(first).toMatchObject({ rc: 0, stderr: "" });
    expect(fake.verifyAccessToken(accessTokenOf(first.stdout))).toBeDefined();
    expect(fake.log.entries.map((entry) => `${entry.method} ${entry.url}`)).toEqual([`POST https://login.microsoftonline.com/${T1}/oauth2/v2.0/token`]);
    expect(tokenRequests()[0]!.form).toMatchObject({ grant_type: "refresh_token", refresh_token: "fake-rt", client_id: "04b07795-8ddb-461a-bbee-02f9e1bf7b46" });

    const cache = JSON.parse(readFileSync(cacheFile(where), "utf8"));
    expect(Object.values(cache.RefreshToken).map((rt) => (rt as { secret: string }).secret)).toEqual([expect.stringMatching(/^fake-rt-\d+$/)]);
    expectMode(cacheFile(where), 0o600);

    fake.log.clear();
    const second = await run(["account", "get-access-token", "-o", "json"], where);
    expect(accessTokenOf(second.stdout)).toBe(accessTokenOf(first.stdout));
    expect(fake.log.entries).toEqual([]);
  });

  it("five processes with the same expiring token make one token request between them", async () => {
    const where = profile("user_exp299");
    fake.failNext("token", { delayMs: 400 }); // hold the first refresh open while the others queue on the lock
    const runs = await Promise.all(Array.from({ length: 5 }, () => run(["account", "get-access-token", "-o", "json"], where)));
    expect(runs.map((r) => r.rc)).toEqual([0, 0, 0, 0, 0]);
    expect(new Set(runs.map((r) => accessTokenOf(r.stdout))).size).toBe(1);
    expect(tokenRequests()).toHaveLength(1);
    // and one connection: only the process that sends connects ahead (under the lock); the others read its token
    expect(fake.log.connects).toHaveLength(1);
    expect(() => JSON.parse(readFileSync(cacheFile(where), "utf8"))).not.toThrow();
  });

  it("an expired refresh token prints Entra's message and the latest az recommendation, rc 1", async () => {
    const where = profile("user");
    const before = readFileSync(cacheFile(where));
    fake.failNext("token", { status: 400, error: "invalid_grant" });
    const result = await run(["account", "get-access-token", "--resource", STORAGE], where);
    expect(result.rc).toBe(1);
    expect(result.stdout).toBe("");
    // golden refresh_invalid_grant_scope's ERROR line, with the latest az's recommendation (docs/compatibility.md#entra-errors)
    const golden = readFileSync(join(GOLDEN_DIR, "cases", "refresh_invalid_grant_scope", "stderr"), "utf8");
    expect(result.stderr).toBe(
      golden.slice(0, golden.indexOf("Interactive authentication is needed.")) +
        "Run the command below to authenticate interactively; additional arguments may be added as needed:\n" +
        `az logout\naz login --tenant "${T1}" --scope "${STORAGE}/.default"\n`,
    );
    expect(readFileSync(cacheFile(where))).toEqual(before);
  });

  it("an unreachable endpoint is one ERROR line naming the host", async () => {
    const where = profile("user");
    const result = await run(["account", "get-access-token", "--resource", STORAGE], where, { HTTPS_PROXY: "http://127.0.0.1:9", https_proxy: "http://127.0.0.1:9" });
    expect(result.rc).toBe(1);
    expect(result.stderr).toMatch(/^ERROR: [^\n]*login\.microsoftonline\.com[^\n]*\n$/);
  });

  // issue 15: the HTTP client is wire.ts on a bare TLS socket, and bin/aztoken.js takes the chunks bundled into the
  // entry from its registry instead of reading and compiling their stub files
  it("a refresh loads neither node:http nor node:https, and no stub of a chunk the entry holds", async () => {
    const where = profile("user_exp299");
    const list = join(where.home, "loaded.json");
    const preload = join(where.home, "record-loaded.cjs");
    writeFileSync(preload, `process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(list)}, JSON.stringify({ files: Object.keys(require.cache), builtins: process.moduleLoadList })));\n`);
    const result = await run(["get-token", "--query", "accessToken", "-o", "tsv"], where, { NODE_OPTIONS: `--require ${preload}` });
    expect(result).toMatchObject({ rc: 0, stderr: "" });
    expect(tokenRequests()).toHaveLength(1);
    const { files, builtins } = JSON.parse(readFileSync(list, "utf8")) as { files: string[]; builtins: string[] };
    expect(builtins).toContain("NativeModule tls"); // the list is the refresh's: it did load TLS
    for (const builtin of ["http", "https", "_http_client"]) expect(builtins).not.toContain(`NativeModule ${builtin}`);
    const chunks = files.filter((file) => file.includes(`${sep}chunks${sep}`));
    expect(chunks.length).toBeGreaterThan(0);
    expect(chunks.filter((file) => readFileSync(file, "utf8").includes("aztoken.inlinedChunk"))).toEqual([]);
  });

  // bin.ts exits at once when all that is left is closing sockets (a natural exit tears the heap down first)
  it("a refresh exits without draining the event loop; a pending timer is still waited for", async () => {
    const exits: Record<string, boolean> = {};
    for (const [label, extra] of [["refresh", ""], ["refresh with a timer pending", "setTimeout(() => {}, 300);"]] as const) {
      const where = profile("user_exp299");
      const record = join(where.home, "exit.json");
      const preload = join(where.home, "record-exit.cjs");
      writeFileSync(
        preload,
        `let drained = false; process.on("beforeExit", () => { drained = true; });
        process.on("exit", () => require("fs").writeFileSync(${JSON.stringify(record)}, JSON.stringify({ drained })));
        ${extra ? `process.nextTick(() => { ${extra} });` : ""}\n`,
      );
      const result = await run(["get-token", "--query", "accessToken", "-o", "tsv"], where, { NODE_OPTIONS: `--require ${preload}` });
      expect(result).toMatchObject({ rc: 0, stderr: "" });
      exits[label] = (JSON.parse(readFileSync(record, "utf8")) as { drained: boolean }).drained;
    }
    expect(exits).toEqual({ refresh: false, "refresh with a timer pending": true });
  });
});

describe("service principal tokens through the fake Entra ID", () => {
  it("with a secret", async () => {
    const where = profile("sp");
    const result = await run(["account", "get-access-token", "--resource", STORAGE, "-o", "json"], where);
    expect(result).toMatchObject({ rc: 0, stderr: "" });
    expect(fake.verifyAccessToken(accessTokenOf(result.stdout))).toMatchObject({ aud: STORAGE, tid: T1 });
    expect(tokenRequests().map((entry) => entry.form?.grant_type)).toEqual(["client_credentials"]);
    expect(fake.log.entries).toHaveLength(1);
  });

  it("with a certificate the fake verifies, and with a federated token", async () => {
    const where = profile("sp");
    const { path, certificatePem } = writeCertificatePem(where.home);
    const directory = defaultDirectory();
    directory.servicePrincipals[0]!.certificates = [certificatePem];
    fake.updateSettings({ directory });
    try {
      const entries = join(where.configDir, "service_principal_entries.json");
      writeFileSync(entries, JSON.stringify([{ client_id: SP_ID, tenant: T1, certificate: path }], null, 4));
      const byCertificate = await run(["account", "get-access-token", "--resource", STORAGE, "-o", "json"], where);
      expect(byCertificate).toMatchObject({ rc: 0, stderr: "" });

      writeFileSync(entries, JSON.stringify([{ client_id: SP_ID, tenant: T1, client_assertion: GOLDEN_FEDERATED_TOKEN }], null, 4));
      const byAssertion = await run(["account", "get-access-token", "--resource", "https://database.windows.net", "-o", "json"], where);
      expect(byAssertion).toMatchObject({ rc: 0, stderr: "" });
      expect(tokenRequests().map((entry) => entry.form?.client_assertion_type)).toEqual([
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
        "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
      ]);
      expect(tokenRequests()[1]!.form?.client_assertion).toBe(GOLDEN_FEDERATED_TOKEN);
    } finally {
      fake.updateSettings({ directory: defaultDirectory() });
    }
  });
});

// az 2.45 GETs OIDC discovery even on a cache hit, so with its proxy at a closed port it cannot run at all
// (the golden captures seeded its private msal_http_cache.bin); it goes through the fake's proxy instead, and
// the fake's log shows it made no token request.
describe.runIf(needRealAz("the real az reads aztoken's entries"))("the real az reads aztoken's entries", () => {
  const azEnv = () => ({ HTTPS_PROXY: fake.proxyUrl, https_proxy: fake.proxyUrl, REQUESTS_CA_BUNDLE: fake.caPath, NO_PROXY: "", no_proxy: "" });

  it(
    "a refreshed user token and a service principal token, without a token request",
    async () => {
      const user = profile("user");
      const ours = await run(["account", "get-access-token", "--resource", STORAGE, "-o", "json"], user);
      expect(ours.rc).toBe(0);
      fake.log.clear();
      const theirs = await runRealAz(["account", "get-access-token", "--resource", STORAGE, "-o", "json"], user, azEnv());
      expect(theirs.rc).toBe(0);
      expect(accessTokenOf(theirs.stdout)).toBe(accessTokenOf(ours.stdout));
      expect(tokenRequests()).toEqual([]);

      const sp = profile("sp");
      const spOurs = await run(["account", "get-access-token", "--resource", STORAGE, "-o", "json"], sp);
      fake.log.clear();
      const spTheirs = await runRealAz(["account", "get-access-token", "--resource", STORAGE, "-o", "json"], sp, azEnv());
      expect(accessTokenOf(spTheirs.stdout)).toBe(accessTokenOf(spOurs.stdout));
      expect(tokenRequests()).toEqual([]);
    },
    240_000,
  );
});
