// The real az 2.45 reads what each federated login kind stored (skipped when az is not installed): the account
// as a service principal, the cached token, and for a resource aztoken never asked for a token request of its own
// with the `client_assertion` aztoken keeps up to date (az ignores aztoken_assertion_provider).
import { afterAll, describe, expect, it } from "vitest";
import { useFakeEntra } from "../support/fake-entra-suite.js";
import { CI_SP_CLIENT_ID, T1 } from "../support/fake-entra/index.js";
import { ciTokenRequests, CiJob, LOGIN_KINDS, type LoginKind } from "./federation-support.js";
import { needRealAz, runRealAz } from "./network-support/real-az.js";

const SUB1 = "11111111-2222-3333-4444-555555555555";
/** Three real az runs (Python start-up: seconds each on a loaded machine). */
const AZ_TIMEOUT_MS = 180_000;
const suite = useFakeEntra();
const jobs: CiJob[] = [];
afterAll(() => jobs.splice(0).forEach((job) => job.remove()));

describe.runIf(needRealAz("the real az 2.45 on a federated-provider profile"))("the real az 2.45 on a profile aztoken signed in with a federated token provider", () => {
  it.each(LOGIN_KINDS)("%s: az account show, az account get-access-token (cached and a new resource)", async (kind: LoginKind) => {
    const { fake } = suite;
    const job = new CiJob(fake, kind);
    jobs.push(job);
    const login = await job.login();
    expect([login.rc, login.stderr]).toEqual([0, ""]);
    const stored = job.entries()[0]!;
    const az = (args: string[]) => runRealAz(args, job.home, { HTTPS_PROXY: fake.proxyUrl, HTTP_PROXY: fake.proxyUrl, REQUESTS_CA_BUNDLE: fake.caPath });

    const show = await az(["account", "show", "-o", "json"]);
    expect(show.rc, show.stderr).toBe(0);
    expect(JSON.parse(show.stdout)).toMatchObject({ id: SUB1, tenantId: T1, user: { name: CI_SP_CLIENT_ID, type: "servicePrincipal" } });

    const before = fake.log.entries.length;
    const arm = await az(["account", "get-access-token", "-o", "json"]);
    expect(arm.rc, arm.stderr).toBe(0);
    expect(fake.verifyAccessToken(JSON.parse(arm.stdout).accessToken as string)).toBeDefined();
    expect(ciTokenRequests(fake.log.entries.slice(before))).toEqual([]); // from the cache aztoken wrote

    const graph = await az(["account", "get-access-token", "--resource-type", "ms-graph", "-o", "json"]);
    expect(graph.rc, graph.stderr).toBe(0);
    expect(fake.verifyAccessToken(JSON.parse(graph.stdout).accessToken as string)).toMatchObject({ aud: "https://graph.microsoft.com/" });
    const azRequests = ciTokenRequests(fake.log.entries.slice(before));
    expect(azRequests).toHaveLength(1);
    expect(azRequests[0]!.headers["x-client-sku"]).toBe("MSAL.Python");
    expect(azRequests[0]!.form!.client_assertion).toBe(stored.client_assertion);
    console.log(
      `[real az] ${kind}: az account show -> ${JSON.parse(show.stdout).user.type} ${CI_SP_CLIENT_ID}; ` +
        "az account get-access-token -> rc 0 from aztoken's cache; --resource-type ms-graph -> rc 0, one token request with the stored client_assertion",
    );
  }, AZ_TIMEOUT_MS);
});
