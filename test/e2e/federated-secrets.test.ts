// The CI systems' request tokens (ACTIONS_ID_TOKEN_REQUEST_TOKEN, SYSTEM_ACCESSTOKEN) stay in the environment:
// never in a file, never on stderr, --debug included; the federated tokens fetched with them are masked in every
// log line. The fake's request tokens are opaque strings (not JWT-shaped), so only never printing them helps.
import { afterAll, describe, expect, it } from "vitest";
import { useFakeEntra } from "../support/fake-entra-suite.js";
import { ciTokenRequests, CiJob, MINUTE } from "./federation-support.js";

const suite = useFakeEntra();
const jobs: CiJob[] = [];
afterAll(() => jobs.splice(0).forEach((job) => job.remove()));

describe("CI request tokens and fetched assertions", { timeout: 120_000 }, () => {
  it.each(["github", "azure-pipelines"] as const)("%s: never on disk or in --debug output", async (kind) => {
    const { fake } = suite;
    const job = new CiJob(fake, kind);
    jobs.push(job);
    const requestTokens = [fake.settings.ciOidc.githubRequestToken, fake.settings.ciOidc.azurePipelinesAccessToken];
    const before = fake.log.entries.length;
    const stderr: string[] = [];

    const login = await job.login(["--debug"]);
    expect(login.rc, login.stderr).toBe(0);
    stderr.push(login.stderr);
    fake.advanceClock(70 * MINUTE);
    const refresh = await job.run(["account", "get-access-token", "--debug", "-o", "json"]);
    expect(refresh.rc, refresh.stderr).toBe(0);
    stderr.push(refresh.stderr);
    fake.failNext(kind === "github" ? "github-idtoken" : "azure-pipelines-oidctoken", { status: 401 });
    fake.advanceClock(70 * MINUTE);
    const refused = await job.run(["account", "get-access-token", "--debug"]);
    expect(refused.rc).toBe(1);
    stderr.push(refused.stderr);

    // the debug paths ran: a fetch at login and at the refresh
    expect(stderr.join("").match(/DEBUG: Fetching a federated token from/g)).toHaveLength(3);
    const assertions = ciTokenRequests(fake.log.entries.slice(before)).map((request) => request.form!.client_assertion!);
    expect(assertions).toHaveLength(2);
    for (const secret of [...requestTokens, ...assertions]) {
      for (const text of stderr) expect(text).not.toContain(secret);
      expect(refresh.stdout).not.toContain(secret);
    }
    for (const [path, bytes] of job.files()) {
      for (const secret of requestTokens) expect(bytes, path).not.toContain(secret);
    }
  });
});
