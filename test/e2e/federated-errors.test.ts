// Federated logins that cannot get a token fail with one line naming the variable, status or file and the fix,
// rc 1, and leave the profile byte-identical: a job without `permissions: id-token: write`, an expired
// SYSTEM_ACCESSTOKEN, an OIDC endpoint answering non-200 or non-JSON, a missing or unreadable token file.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { useFakeEntra } from "../support/fake-entra-suite.js";
import { CI_SP_CLIENT_ID, SP_CLIENT_ID, T1 } from "../support/fake-entra/index.js";
import { CiJob, MINUTE, type LoginKind } from "./federation-support.js";

const suite = useFakeEntra();
/** Each test runs several CLI processes (plus a sign-in); a loaded 2-core machine needs more than 30 s. */
const TIMEOUT_MS = 120_000;
const jobs: CiJob[] = [];
afterAll(() => jobs.splice(0).forEach((job) => job.remove()));

/** A job whose profile already holds another sign-in, so "untouched" means something. */
async function signedInJob(kind: LoginKind): Promise<CiJob> {
  const job = new CiJob(suite.fake, kind);
  jobs.push(job);
  const login = await job.run(["login", "--service-principal", "-u", SP_CLIENT_ID, "-p", "fake-secret", "--tenant", T1, "-o", "none"]);
  expect([login.rc, login.stderr]).toEqual([0, ""]);
  return job;
}

async function expectOneLineFailure(job: CiJob, args: string[], env: Record<string, string>, pattern: RegExp): Promise<void> {
  const before = job.files();
  const run = await job.run(args, env);
  expect(run.rc).toBe(1);
  expect(run.stdout).toBe("");
  expect(run.stderr).toMatch(/^ERROR: [^\n]+\n$/);
  expect(run.stderr).toMatch(pattern);
  expect(job.files()).toEqual(before);
}

const SP_LOGIN = ["login", "--service-principal", "-u", CI_SP_CLIENT_ID, "--tenant", T1, "-o", "none"];
const GITHUB = [...SP_LOGIN, "--federated-token-provider", "github"];
const PIPELINES = [...SP_LOGIN, "--federated-token-provider", "azure-pipelines"];

describe("login with an assertion provider that cannot deliver", { timeout: TIMEOUT_MS }, () => {
  it("GitHub: a job without `permissions: id-token: write` (no request variables)", async () => {
    const job = await signedInJob("github");
    const unset = { ACTIONS_ID_TOKEN_REQUEST_URL: "", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "" };
    await expectOneLineFailure(job, GITHUB, unset, /ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN are not set: .*`permissions: id-token: write`/);
    await expectOneLineFailure(job, GITHUB, { ACTIONS_ID_TOKEN_REQUEST_TOKEN: "" }, /^ERROR: ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set: /);
  });

  it("GitHub: the endpoint answers 500 (after one retry), HTML, or JSON without a token", async () => {
    const job = await signedInJob("github");
    suite.fake.failNext("github-idtoken", { status: 500 }, 2);
    await expectOneLineFailure(job, GITHUB, {}, /GitHub Actions' OIDC endpoint \(ACTIONS_ID_TOKEN_REQUEST_URL\) answered HTTP 500/);
    suite.fake.failNext("github-idtoken", { status: 403 });
    await expectOneLineFailure(job, GITHUB, {}, /refused ACTIONS_ID_TOKEN_REQUEST_TOKEN \(HTTP 403\)/);
    suite.fake.failNext("github-idtoken", { nonJson: true });
    await expectOneLineFailure(job, GITHUB, {}, /answered HTTP 200 with something that is not JSON \(text\/html.*check that ACTIONS_ID_TOKEN_REQUEST_URL/);
    suite.fake.failNext("github-idtoken", { status: 200, body: { count: 1 } });
    await expectOneLineFailure(job, GITHUB, {}, /answered HTTP 200 with JSON without a 'value' token/);
  });

  it("Azure Pipelines: an expired SYSTEM_ACCESSTOKEN, none mapped into the step, no service connection id", async () => {
    const job = await signedInJob("azure-pipelines");
    const { fake } = suite;
    const ciOidc = { ...fake.settings.ciOidc };
    fake.updateSettings({ ciOidc: { ...ciOidc, azurePipelinesAccessTokenExpiresAt: fake.now() } });
    try {
      await expectOneLineFailure(job, PIPELINES, {}, /refused SYSTEM_ACCESSTOKEN \(HTTP 401\): it has expired or is not this job's; map the current job's \$\(System\.AccessToken\)/);
    } finally {
      fake.updateSettings({ ciOidc });
    }
    await expectOneLineFailure(job, PIPELINES, { SYSTEM_ACCESSTOKEN: "" }, /SYSTEM_ACCESSTOKEN is not set: map it into the step's environment \(env: SYSTEM_ACCESSTOKEN: \$\(System\.AccessToken\)\)/);
    await expectOneLineFailure(job, PIPELINES, { SYSTEM_OIDCREQUESTURI: "" }, /^ERROR: SYSTEM_OIDCREQUESTURI is not set: /);
    await expectOneLineFailure(job, PIPELINES, { AZURESUBSCRIPTION_SERVICE_CONNECTION_ID: "" }, /needs the service connection id: pass --service-connection-id or set AZURESUBSCRIPTION_SERVICE_CONNECTION_ID/);
    await expectOneLineFailure(job, [...PIPELINES, "--service-connection-id", "no-such-connection"], {}, /answered HTTP 400 for service connection no-such-connection/);
  });

  it("token file: missing, a directory, empty", async () => {
    const job = await signedInJob("token-file");
    const missing = join(job.home.home, "no-such-token");
    await expectOneLineFailure(job, [...SP_LOGIN, "--federated-token-file", missing], {}, new RegExp(`Cannot read the federated token file ${missing} \\(no such file\\)`));
    const directory = join(job.home.home, "token-dir");
    mkdirSync(directory);
    await expectOneLineFailure(job, [...SP_LOGIN, "--federated-token-file", directory], {}, /\(it is a directory\); check --federated-token-file/);
    const empty = join(job.home.home, "empty-token");
    writeFileSync(empty, "\n");
    await expectOneLineFailure(job, [...SP_LOGIN, "--federated-token-file", empty], {}, /The federated token file .*empty-token is empty/);
    if (process.getuid?.() !== 0) {
      chmodSync(job.tokenFile, 0o000);
      await expectOneLineFailure(job, [...SP_LOGIN, "--federated-token-file", job.tokenFile], {}, /\(permission denied\)/);
    }
  });

  it("workload identity: a variable the webhook did not inject, another cloud's authority", async () => {
    const job = await signedInJob("workload-identity");
    await expectOneLineFailure(job, ["login", "--workload-identity"], { AZURE_FEDERATED_TOKEN_FILE: "" }, /not set: AZURE_FEDERATED_TOKEN_FILE\. AKS sets them in pods labelled/);
    await expectOneLineFailure(
      job,
      ["login", "--workload-identity"],
      { AZURE_AUTHORITY_HOST: "https://login.chinacloudapi.cn/" },
      /AZURE_AUTHORITY_HOST is https:\/\/login\.chinacloudapi\.cn\/, but the active cloud AzureCloud signs in at https:\/\/login\.microsoftonline\.com; run 'az cloud set --name AzureChinaCloud' first/,
    );
  });
});

describe("a later refresh whose provider cannot deliver", { timeout: TIMEOUT_MS }, () => {
  it("fails in one line and leaves the cache and the entry as they were", async () => {
    const job = new CiJob(suite.fake, "github");
    jobs.push(job);
    expect((await job.login()).rc).toBe(0);
    suite.fake.advanceClock(70 * MINUTE);
    await expectOneLineFailure(job, ["account", "get-access-token"], { ACTIONS_ID_TOKEN_REQUEST_TOKEN: "" }, /ACTIONS_ID_TOKEN_REQUEST_TOKEN is not set/);
  });
});

describe("usage", { timeout: TIMEOUT_MS }, () => {
  it.each([
    [["login", "--federated-token-provider", "github"], /only applicable with --service-principal/],
    [[...SP_LOGIN, "--federated-token-file", "/f", "-p", "x"], /give only one of --password, --federated-token-file/],
    [[...SP_LOGIN, "--federated-token-provider", "azure-pipelines", "--federated-token-audience", "a"], /--federated-token-audience is only applicable with --federated-token-provider github/],
    [[...SP_LOGIN, "--federated-token-provider", "github", "--service-connection-id", "a"], /--service-connection-id is only applicable with --federated-token-provider azure-pipelines/],
    [["login", "--workload-identity", "-u", "x"], /'--workload-identity' takes the client id, tenant and token file from/],
  ])("%j", async (args, pattern) => {
    const job = await signedInJob("github");
    await expectOneLineFailure(job, args as string[], {}, pattern as RegExp);
  });
});
