// The assertion providers in-process, with stub HTTP: the Azure Pipelines request is the one @azure/identity's
// AzurePipelinesCredential sends (captured from the real class), GitHub's the one @actions/core's getIDToken
// sends; the variables are read at each request; a stored assertion is reused only with more than a minute left.
import { AzurePipelinesCredential } from "@azure/identity";
import { createHttpHeaders, type PipelineRequest } from "@azure/core-rest-pipeline";
import { describe, expect, it } from "vitest";
import { currentAssertion, MIN_ASSERTION_LIFETIME_MS } from "../../../src/core/federation/assertion.js";
import { fetchAssertion, FederatedTokenError, type AssertionRequestContext } from "../../../src/core/federation/provider.js";
import type { HttpRequest, HttpResponse } from "../../../src/infra/http-types.js";
import { createLogger } from "../../../src/core/logger.js";
import { capture } from "../../support/memory-deps.js";

const OIDC_URI = "https://dev.azure.com/contoso/p1/_apis/distributedtask/hubs/build/plans/pl/jobs/jb/oidctoken";
const CONNECTION = "5c5c5c5c-0000-4000-8000-0000000000c5";
const NOW = Date.UTC(2026, 0, 1, 12, 0, 0);

function jwt(claims: Record<string, unknown>): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
  return `${part({ alg: "RS256" })}.${part(claims)}.sig`;
}

function context(env: Record<string, string>, respond: (request: HttpRequest) => HttpResponse) {
  const requests: HttpRequest[] = [];
  const value: AssertionRequestContext = {
    env,
    http: async () => ({
      send: async (request: HttpRequest) => {
        requests.push(request);
        return respond(request);
      },
    }),
    logger: createLogger(capture(), { onlyShowErrors: false, verbose: false, debug: false }),
  };
  return { context: value, requests };
}

const ok = (body: unknown): HttpResponse => ({ status: 200, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

describe("azure-pipelines", () => {
  it("sends exactly what @azure/identity's AzurePipelinesCredential sends", async () => {
    const theirs: PipelineRequest[] = [];
    const saved = process.env.SYSTEM_OIDCREQUESTURI;
    process.env.SYSTEM_OIDCREQUESTURI = OIDC_URI;
    try {
      const credential = new AzurePipelinesCredential("72f988bf-0000-4000-8000-000000000001", "c1", CONNECTION, "the-access-token", {
        httpClient: {
          sendRequest: async (request) => {
            theirs.push(request);
            return { request, status: 500, headers: createHttpHeaders(), bodyAsText: "stop here" };
          },
        },
        retryOptions: { maxRetries: 0 },
      });
      await credential.getToken("https://management.azure.com/.default").catch(() => undefined);
    } finally {
      if (saved === undefined) delete process.env.SYSTEM_OIDCREQUESTURI;
      else process.env.SYSTEM_OIDCREQUESTURI = saved;
    }
    const reference = theirs[0]!;
    const { context: ours, requests } = context({ SYSTEM_OIDCREQUESTURI: OIDC_URI, SYSTEM_ACCESSTOKEN: "the-access-token" }, () => ok({ oidcToken: "t" }));
    expect(await fetchAssertion({ kind: "azure-pipelines", serviceConnectionId: CONNECTION }, ours)).toBe("t");
    const sent = requests[0]!;
    expect([sent.method, sent.url]).toEqual([reference.method, reference.url]);
    for (const name of ["Content-Type", "Authorization", "X-TFS-FedAuthRedirect"]) {
      expect(sent.headers?.[name], name).toBe(reference.headers.get(name));
    }
    expect(sent.body).toBeUndefined();
  });
});

describe("github", () => {
  it("GETs the request URL with the audience appended and the request token as bearer, both read at each request", async () => {
    const env: Record<string, string> = { ACTIONS_ID_TOKEN_REQUEST_URL: "https://gh.example/idtoken?api-version=2.0", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "first" };
    const { context: ours, requests } = context(env, () => ok({ count: 1, value: "ghtoken" }));
    const provider = { kind: "github", audience: "api://AzureADTokenExchange" } as const;
    expect(await fetchAssertion(provider, ours)).toBe("ghtoken");
    env.ACTIONS_ID_TOKEN_REQUEST_TOKEN = "second";
    await fetchAssertion(provider, ours);
    expect(requests.map((r) => [r.method, r.url, r.headers?.Authorization])).toEqual([
      ["GET", "https://gh.example/idtoken?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange", "Bearer first"],
      ["GET", "https://gh.example/idtoken?api-version=2.0&audience=api%3A%2F%2FAzureADTokenExchange", "Bearer second"],
    ]);
  });

  it("turns a refused request token into one line that never holds it", async () => {
    const env = { ACTIONS_ID_TOKEN_REQUEST_URL: "https://gh.example/idtoken?x=1", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "s3cret-request-token" };
    const { context: ours } = context(env, () => ({ status: 401, headers: {}, body: "s3cret-request-token" }));
    const error = await fetchAssertion({ kind: "github", audience: "a" }, ours).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FederatedTokenError);
    expect((error as Error).message).not.toContain("s3cret");
    expect((error as Error).message).not.toContain("\n");
  });
});

describe("the stored assertion", () => {
  const provider = { kind: "github", audience: "a" } as const;
  const env = { ACTIONS_ID_TOKEN_REQUEST_URL: "https://gh.example/idtoken?x=1", ACTIONS_ID_TOKEN_REQUEST_TOKEN: "t" };

  it.each([
    ["reused with more than a minute left", jwt({ exp: (NOW + MIN_ASSERTION_LIFETIME_MS + 1000) / 1000 }), false],
    ["fetched again with a minute or less left", jwt({ exp: (NOW + MIN_ASSERTION_LIFETIME_MS) / 1000 }), true],
    ["fetched again when expired", jwt({ exp: (NOW - 1000) / 1000 }), true],
    ["fetched again when opaque (no readable exp)", "opaque-token", true],
    ["fetched when there is none", undefined, true],
  ])("%s", async (_name, stored, fetched) => {
    const { context: ours, requests } = context(env, () => ok({ value: "new" }));
    const result = await currentAssertion(stored, provider, { ...ours, nowMs: NOW });
    expect(result).toEqual({ assertion: fetched ? "new" : stored, fetched });
    expect(requests).toHaveLength(fetched ? 1 : 0);
  });
});
