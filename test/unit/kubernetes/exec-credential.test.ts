// exec-credential in-process: the CLI with fixture profiles and a stub token endpoint (no network), and the
// protocol helpers on their own.
import { appendFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli/run.js";
import { execCredential, requestedApiVersion, rfc3339Seconds } from "../../../src/core/kubernetes/exec-credential.js";
import { addCachedAccessToken, AKS_SERVER_ID } from "../../support/cached-token.js";
import { FIXTURE_EXPIRY, T1, T2, jwtClaims, profiles, stubEntra, type StubEntra } from "../credentials/support.js";

const fixtures = profiles();
afterEach(() => fixtures.removeAll());

const V1 = "client.authentication.k8s.io/v1";
const V1BETA1 = "client.authentication.k8s.io/v1beta1";
const SERVER_SCOPE = `${AKS_SERVER_ID}/.default`;

async function run(stub: StubEntra, configDir: string, args: string[], env: Record<string, string> = {}) {
  const deps = { ...stub.deps, env: { AZURE_CONFIG_DIR: configDir, ...stub.deps.env, ...env } };
  const rc = await runCli(["exec-credential", ...args], deps);
  return { rc, stdout: stub.deps.io.stdout.text(), stderr: stub.deps.io.stderr.text() };
}

describe("requestedApiVersion", () => {
  it.each([
    [undefined, V1BETA1],
    ["", V1BETA1],
    [`{"kind":"ExecCredential","apiVersion":"${V1}","spec":{"interactive":false}}`, V1],
    [`{"kind":"ExecCredential","apiVersion":"${V1BETA1}","spec":{"interactive":true}}`, V1BETA1],
    ['{"kind":"ExecCredential"}', V1BETA1],
  ])("KUBERNETES_EXEC_INFO=%j gives %s", (info, expected) => {
    expect(requestedApiVersion(info === undefined ? {} : { KUBERNETES_EXEC_INFO: info })).toBe(expected);
  });

  it.each([['{"apiVersion":"client.authentication.k8s.io/v1alpha1"}', /v1alpha1.*supported/], ["not json", /not a JSON ExecCredential/]])(
    "refuses %j",
    (info, message) => {
      expect(() => requestedApiVersion({ KUBERNETES_EXEC_INFO: info })).toThrow(message);
    },
  );

  it("writes the expiry as RFC 3339 UTC without fractions", () => {
    expect(execCredential(V1, "t", 4102444800).status).toEqual({ token: "t", expirationTimestamp: "2100-01-01T00:00:00Z" });
  });

  it("formats like toISOString without the fraction, for any time, fractional and pre-1970 ones too", () => {
    const viaToISOString = (seconds: number) => new Date(seconds * 1000).toISOString().replace(/\.\d+Z$/, "Z");
    for (const seconds of [0, 1.999, -1, -0.5, 951868799, 1700000000.25, 4102444799, 253402300799, -62135596800]) {
      expect(rfc3339Seconds(seconds), String(seconds)).toBe(viaToISOString(seconds));
    }
    expect(rfc3339Seconds(253402300800)).toBe("+010000-01-01T00:00:00Z"); // year 10000: toISOString's own form
    expect(() => rfc3339Seconds(Number.NaN)).toThrow(RangeError);
  });
});

describe("exec-credential", () => {
  it("a cache hit prints the server's token as an ExecCredential, no request", async () => {
    const profile = fixtures.make("user");
    const secret = addCachedAccessToken(profile.configDir, SERVER_SCOPE);
    const stub = stubEntra({ nowMs: Date.UTC(2026, 0, 1) });
    const result = await run(stub, profile.configDir, ["--server-id", AKS_SERVER_ID]);
    expect(result).toMatchObject({ rc: 0, stderr: "" });
    expect(JSON.parse(result.stdout)).toEqual({
      kind: "ExecCredential",
      apiVersion: V1BETA1,
      spec: { interactive: false },
      status: { token: secret, expirationTimestamp: new Date(FIXTURE_EXPIRY * 1000).toISOString().replace(".000", "") },
    });
    expect(stub.posts).toEqual([]);
  });

  it("answers in the apiVersion kubectl asks for, and in JSON whatever core.output says", async () => {
    const profile = fixtures.make("user");
    addCachedAccessToken(profile.configDir, SERVER_SCOPE);
    appendFileSync(join(profile.configDir, "config"), "[core]\noutput = yaml\n");
    const stub = stubEntra({ nowMs: Date.UTC(2026, 0, 1) });
    const result = await run(stub, profile.configDir, ["--server-id", AKS_SERVER_ID], { KUBERNETES_EXEC_INFO: `{"apiVersion":"${V1}","spec":{"interactive":false}}` });
    expect(result.rc).toBe(0);
    expect(JSON.parse(result.stdout).apiVersion).toBe(V1);
  });

  it("without a cached token asks Entra ID for <server-id>/.default in the given tenant", async () => {
    const profile = fixtures.make("user");
    const stub = stubEntra({ nowMs: Date.UTC(2026, 0, 1) });
    const result = await run(stub, profile.configDir, ["--server-id", AKS_SERVER_ID, "--tenant", T2]);
    expect(result.rc).toBe(0);
    expect(stub.posts).toHaveLength(1);
    expect(stub.posts[0]!.url).toContain(`/${T2}/oauth2/v2.0/token`);
    expect(stub.posts[0]!.form.scope!.split(" ")).toContain(SERVER_SCOPE);
    const credential = JSON.parse(result.stdout) as { status: { token: string; expirationTimestamp: string } };
    expect(jwtClaims(credential.status.token)).toMatchObject({ aud: AKS_SERVER_ID, tid: T2 });
    expect(credential.status.expirationTimestamp).toBe(new Date(Date.UTC(2026, 0, 1) + 3599_000).toISOString().replace(".000", ""));
  });

  it("an Entra error with az's recommendation block is one line on stderr, rc 1, nothing on stdout", async () => {
    const profile = fixtures.make("user");
    const stub = stubEntra({ fail: () => ({ status: 400, body: { error: "invalid_grant", error_description: "AADSTS700082: expired.\r\nTrace ID: 0", error_codes: [700082] } }) });
    const result = await run(stub, profile.configDir, ["--server-id", AKS_SERVER_ID]);
    expect(result.rc).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^ERROR: AADSTS700082: expired\..*az login --tenant "[^"]+" --scope "6dae42f8[^"]*\/\.default"\n$/);
    expect(result.stderr.split("\n")).toHaveLength(2);
  });

  it("no sign-in: az's message in one line", async () => {
    const profile = fixtures.make("empty");
    const result = await run(stubEntra(), profile.configDir, ["--server-id", AKS_SERVER_ID]);
    expect(result).toEqual({ rc: 1, stdout: "", stderr: "ERROR: Please run 'az login' to setup account.\n" });
  });

  it("an apiVersion kubectl cannot read gets no token at all", async () => {
    const profile = fixtures.make("user");
    const stub = stubEntra();
    const result = await run(stub, profile.configDir, ["--server-id", AKS_SERVER_ID], { KUBERNETES_EXEC_INFO: '{"apiVersion":"client.authentication.k8s.io/v1alpha1"}' });
    expect(result).toMatchObject({ rc: 1, stdout: "" });
    expect(result.stderr).toMatch(/^ERROR: KUBERNETES_EXEC_INFO asks for apiVersion "client.authentication.k8s.io\/v1alpha1"; supported: .*\n$/);
    expect(stub.posts).toEqual([]);
  });

  it("--subscription picks the account; with --tenant as well it is az's error", async () => {
    const profile = fixtures.make("user");
    addCachedAccessToken(profile.configDir, SERVER_SCOPE);
    const ok = await run(stubEntra({ nowMs: Date.UTC(2026, 0, 1) }), profile.configDir, ["--server-id", AKS_SERVER_ID, "-s", "Contoso Dev"]);
    expect(ok.rc).toBe(0);
    const both = await run(stubEntra(), profile.configDir, ["--server-id", AKS_SERVER_ID, "-s", "Contoso Dev", "-t", T1]);
    expect(both).toEqual({ rc: 1, stdout: "", stderr: "ERROR: Please specify only one of subscription and tenant, not both\n" });
  });
});
