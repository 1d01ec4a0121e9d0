// CI sign-in that never expires mid-job: after `login --federated-token-provider github|azure-pipelines`,
// `--federated-token-file` or `--workload-identity`, a job of four simulated hours keeps getting tokens, and every
// refresh uses a newly fetched federated token; the same job signed in with a static --federated-token (az's
// only way) fails with AADSTS700024 once that token has expired. The fake Entra ID plays GitHub Actions, Azure
// DevOps and kubelet, with federated tokens valid 5 minutes; its clock and the CLI's move together.
import { statSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { useFakeEntra } from "../support/fake-entra-suite.js";
import { CI_SP_CLIENT_ID, decodeJwt, FEDERATED_AUDIENCE, GITHUB_ISSUER, GITHUB_SUBJECT, T1, type LoggedRequest } from "../support/fake-entra/index.js";
import { assertionFetches, ciTokenRequests, CiJob, LOGIN_KINDS, MINUTE, type LoginKind } from "./federation-support.js";
import { REAL_AZ_PYTHON, runRealAz } from "./network-support/real-az.js";

const suite = useFakeEntra();
const jobs: CiJob[] = [];
afterAll(() => jobs.splice(0).forEach((job) => job.remove()));

function newJob(kind: LoginKind, env?: Record<string, string>): CiJob {
  const job = new CiJob(suite.fake, kind, env);
  jobs.push(job);
  return job;
}

const GET_TOKEN = ["account", "get-access-token", "-o", "json"];
/** ~25 CLI processes per kind; a loaded 2-core machine needs more than the default 30 s. */
const LONG_JOB_TIMEOUT_MS = 240_000;
const STEP_MINUTES = 20;
const RESOURCES = [[], ["--resource", "https://vault.azure.net"]];

describe("a job of four simulated hours", () => {
  it.each(LOGIN_KINDS)("%s: every get-token succeeds and each refresh sends a newly fetched federated token", async (kind) => {
    const { fake } = suite;
    const job = newJob(kind);
    const logStart = fake.log.entries.length;
    const login = await job.login();
    expect([login.rc, login.stderr]).toEqual([0, ""]);
    const stored = job.entries().find((entry) => entry.client_id === CI_SP_CLIENT_ID)!;
    expect(stored.aztoken_assertion_provider).toBeDefined();

    const steps: { minute: number; requests: LoggedRequest[]; fileToken?: string }[] = [];
    let calls = 0;
    // minute 0: a second resource right after login reuses the assertion login fetched (more than a minute left)
    for (let minute = 0; minute <= 240; minute += STEP_MINUTES) {
      if (minute > 0) fake.advanceClock(STEP_MINUTES * MINUTE);
      // kubelet keeps the projected token fresh; the CLI must read the file each time, not remember it
      const fileToken = job.usesTokenFile && minute > 0 ? job.rotateTokenFile() : undefined;
      const before = fake.log.entries.length;
      for (const resource of minute === 0 ? [["--resource", "https://storage.azure.com"]] : RESOURCES) {
        const run = await job.run([...GET_TOKEN, ...resource]);
        calls += 1;
        expect([run.rc, run.stderr], `minute ${minute} ${resource.join(" ")}`).toEqual([0, ""]);
        expect(fake.verifyAccessToken(JSON.parse(run.stdout).accessToken as string)).toBeDefined();
      }
      steps.push({ minute, requests: fake.log.entries.slice(before), ...(fileToken ? { fileToken } : {}) });
    }

    const jobLog = fake.log.entries.slice(logStart);
    const tokenRequests = ciTokenRequests(jobLog);
    expect(tokenRequests.every((request) => request.status === 200)).toBe(true);
    const refreshSteps = steps.filter((step) => ciTokenRequests(step.requests).length > 0);
    // access tokens live an hour and are refreshed 5 minutes early: ARM at 60/120/180/240, Key Vault at 20/80/140/200
    expect(refreshSteps.map((step) => step.minute)).toEqual([0, 20, 60, 80, 120, 140, 180, 200, 240]);
    const assertionOf = (request: LoggedRequest) => request.form!.client_assertion!;
    const usedLater = refreshSteps.slice(1).map((step) => ciTokenRequests(step.requests).map(assertionOf));
    // each refresh after the first minutes sent a federated token nobody had sent before
    expect(new Set(usedLater.flat()).size).toBe(usedLater.length);
    for (const [index, step] of refreshSteps.slice(1).entries()) {
      const assertion = usedLater[index]![0]!;
      const claims = decodeJwt(assertion)!.payload;
      // fetched within this step (issued at the fake's current time), and still valid
      expect((claims.exp as number) * 1000).toBeGreaterThan(fake.now() - (240 - step.minute) * MINUTE);
      if (step.fileToken) expect(assertion).toBe(step.fileToken);
    }
    // minute 0 reused login's assertion
    expect(assertionOf(ciTokenRequests(refreshSteps[0]!.requests)[0]!)).toBe(assertionOf(tokenRequests[0]!));

    const fetches = assertionFetches(jobLog);
    if (!job.usesTokenFile) {
      // one fetch at login and one per later refresh step; none on cache hits or while the stored one is fresh
      expect(fetches).toHaveLength(1 + usedLater.length);
      expect(steps.filter((step) => !refreshSteps.includes(step)).every((step) => assertionFetches(step.requests).length === 0)).toBe(true);
    }
    // the latest fetched assertion is what az would read now
    expect(job.entries().find((entry) => entry.client_id === CI_SP_CLIENT_ID)!.client_assertion).toBe(assertionOf(tokenRequests.at(-1)!));
    console.log(
      `[long job] ${kind}: 240 simulated minutes, ${calls} get-token calls (all rc 0); the fake saw ${tokenRequests.length} token requests ` +
        `(all 200, ${new Set(tokenRequests.map(assertionOf)).size} distinct federated tokens) and ` +
        (job.usesTokenFile ? `the token file rotated ${steps.length - 1} times` : `${fetches.length} federated token fetches (${fetches[0]!.route})`),
    );
  }, LONG_JOB_TIMEOUT_MS);

  it("the same job signed in with a static --federated-token (az's way) fails with AADSTS700024 once the token expires", async () => {
    const { fake } = suite;
    const job = newJob("github");
    // what `curl "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=..." | jq -r .value` gives
    const token = fake.issueFederatedToken({ issuer: GITHUB_ISSUER, subject: GITHUB_SUBJECT, audience: FEDERATED_AUDIENCE });
    const { nbf, exp } = decodeJwt(token)!.payload as { nbf: number; exp: number };
    const login = await job.run(["login", "--service-principal", "-u", CI_SP_CLIENT_ID, "--tenant", T1, "--federated-token", token, "-o", "none"]);
    expect([login.rc, login.stderr]).toEqual([0, ""]);
    expect((await job.run(GET_TOKEN)).rc).toBe(0); // cached

    fake.advanceClock(60 * MINUTE);
    const run = await job.run(GET_TOKEN);
    expect(run.rc).toBe(1);
    expect(run.stdout).toBe("");
    const iso = (seconds: number) => new Date(seconds * 1000).toISOString().replace(".000Z", ".0000000Z");
    const expected = new RegExp(
      "^ERROR: AADSTS700024: Client assertion is not within its valid time range\\. Current time: \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{7}Z, " +
        `assertion valid from ${iso(nbf)}, expiry time of assertion ${iso(exp)}\\. ` +
        "Review the documentation at https://learn\\.microsoft\\.com/entra/identity-platform/certificate-credentials \\.\r\nTrace ID: ",
    );
    expect(run.stderr).toMatch(expected);

    if (!REAL_AZ_PYTHON) return console.log("real az not installed: skipped the comparison with az's own failure");
    // the real az on the same profile (its clock is real time, an hour behind the fake: the cached ARM token looks
    // fresh to it, so ask for another resource) prints the same first line
    const az = await runRealAz(["account", "get-access-token", "--resource", "https://vault.azure.net", "-o", "json"], job.home, {
      HTTPS_PROXY: fake.proxyUrl,
      HTTP_PROXY: fake.proxyUrl,
      REQUESTS_CA_BUNDLE: fake.caPath,
    });
    expect(az.rc).toBe(1);
    const withoutTime = (text: string) => text.split("\n")[0]!.replace(/Current time: \S+,/, "Current time: T,");
    expect(withoutTime(az.stderr)).toBe(withoutTime(run.stderr));
  }, LONG_JOB_TIMEOUT_MS);
});

describe("parallel refreshes", () => {
  it.each(["github", "azure-pipelines"] as const)("%s: 8 processes with an expired token make one federated token fetch and one token request", async (kind) => {
    const { fake } = suite;
    const job = newJob(kind);
    expect((await job.login()).rc).toBe(0);
    fake.advanceClock(70 * MINUTE);
    const before = fake.log.entries.length;
    const runs = await Promise.all(Array.from({ length: 8 }, () => job.run(["account", "get-access-token", "--query", "accessToken", "-o", "tsv"])));
    expect(runs.map((run) => [run.rc, run.stderr])).toEqual(runs.map(() => [0, ""]));
    expect(new Set(runs.map((run) => run.stdout)).size).toBe(1);
    const seen = fake.log.entries.slice(before);
    expect(ciTokenRequests(seen)).toHaveLength(1);
    expect(assertionFetches(seen)).toHaveLength(1);
  });
});

describe("the profile", () => {
  it("logout and account clear remove the provider with the rest of the entry", async () => {
    for (const command of [["logout"], ["account", "clear"]]) {
      const job = newJob("github");
      expect((await job.login()).rc).toBe(0);
      expect((await job.run(command)).rc).toBe(0);
      const entries = [...job.files()].filter(([path]) => path.endsWith("service_principal_entries.json"));
      for (const [, text] of entries) expect(text).not.toContain("aztoken_assertion_provider");
      expect((await job.run(GET_TOKEN)).rc).toBe(1);
    }
  });

  it("stores az's keys plus the provider description; files are 0600", async () => {
    const job = newJob("azure-pipelines");
    expect((await job.login()).rc).toBe(0);
    const [entry] = job.entries();
    expect(Object.keys(entry!)).toEqual(["tenant", "client_id", "client_assertion", "aztoken_assertion_provider"]);
    expect(entry!.aztoken_assertion_provider).toEqual({ kind: "azure-pipelines", serviceConnectionId: job.fake.ciOidcEnv().AZURESUBSCRIPTION_SERVICE_CONNECTION_ID });
    for (const path of job.files().keys()) {
      if (path.startsWith(job.home.configDir)) expect(statSync(path).mode & 0o777, path).toBe(0o600);
    }
  });
});
