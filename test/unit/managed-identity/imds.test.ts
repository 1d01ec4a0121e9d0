// IMDS through MSAL node, over a stub HttpClient (nothing leaves the process).
import { describe, expect, it } from "vitest";
import type { AzError } from "../../../src/core/errors.js";
import { HttpNetworkError } from "../../../src/infra/http/net-errors.js";
import { timeoutError } from "../../../src/infra/http/net-errors.js";
import { acquire, CLIENT_ID, imdsBody, jsonResponse, NOW_S, OBJECT_ID, queryOf, RESOURCE, RESOURCE_ID, SELECTORS, stubHttp, TOKEN } from "./helpers.js";
import { useMsalEnv } from "./msal-env.js";

const env = useMsalEnv({});
const IMDS = "http://169.254.169.254/metadata/identity/oauth2/token";
const ok = () => jsonResponse(200, imdsBody());
const failure = async (promise: Promise<unknown>) => (await promise.catch((e: unknown) => e)) as AzError;

describe("IMDS", () => {
  it.each([
    ["system", {}],
    ["client", { client_id: CLIENT_ID }],
    ["object", { object_id: OBJECT_ID }],
    ["resource", { msi_res_id: RESOURCE_ID }],
  ])("asks once with Metadata: true for the %s identity", async (kind, idParam) => {
    const http = stubHttp(ok());
    const token = await acquire(env, http, SELECTORS[kind]).promise;
    expect(token).toEqual({ token: TOKEN, expiresOn: NOW_S + 86399 });
    expect(http.requests).toHaveLength(1);
    const [request] = http.requests;
    expect(request!.method).toBe("GET");
    expect(request!.url.split("?")[0]).toBe(IMDS);
    expect(queryOf(request!.url)).toEqual({ "api-version": "2018-02-01", resource: RESOURCE, ...idParam });
    expect(request!.headers).toMatchObject({ Metadata: "true" });
    expect(request!.timeoutMs).toBe(10_000);
  });

  it("retries 404, 410, 429 and 5xx with az's random back-off slots", async () => {
    const http = stubHttp(jsonResponse(404, {}), jsonResponse(410, {}), jsonResponse(429, {}), jsonResponse(503, "not json"), ok());
    const sleeps: number[] = [];
    const token = await acquire(env, http, SELECTORS.system, { sleep: async (ms) => void sleeps.push(ms), random: () => 0.999 }).promise;
    expect(token.token).toBe(TOKEN);
    expect(http.requests).toHaveLength(5);
    expect(sleeps).toEqual([100, 300, 700, 1500]);
  });

  it("stops after 12 retries and reports the last status", async () => {
    const http = stubHttp(jsonResponse(500, { error: "unknown" }));
    const sleeps: number[] = [];
    const error = await failure(acquire(env, http, SELECTORS.system, { sleep: async (ms) => void sleeps.push(ms), random: () => 0 }).promise);
    expect(http.requests).toHaveLength(13);
    expect(sleeps).toEqual(Array(12).fill(100));
    expect(error.message).toBe("Failed to connect to MSI. Please make sure MSI is configured correctly.\nGet Token request returned http error: 500, reason: Internal Server Error");
  });

  it("never starts a retry that could end past the time budget", async () => {
    let now = 1_700_000_000_000;
    const http = stubHttp(jsonResponse(503, {}));
    const transport = { sleep: async (ms: number) => void (now += ms), random: () => 0.999, attemptTimeoutMs: 1000, totalBudgetMs: 2000 };
    const error = await failure(acquire(env, http, SELECTORS.system, transport, { nowMs: () => now }).promise);
    // waits 100 and 300 ms; the third wait (700 ms) would end at 1.1 s + a 1 s attempt > 2 s
    expect(http.requests).toHaveLength(3);
    expect(error.message).toContain("http error: 503, reason: Service Unavailable");
  });

  it.each([
    [400, "Bad Request"],
    [401, "Unauthorized"],
    [403, "Forbidden"],
  ])("reports %i at once", async (status, reason) => {
    const http = stubHttp(jsonResponse(status, { error: "invalid_request", error_description: "Identity not found" }));
    const error = await failure(acquire(env, http).promise);
    expect(http.requests).toHaveLength(1);
    expect(error.message).toBe(`Failed to connect to MSI. Please make sure MSI is configured correctly.\nGet Token request returned http error: ${status}, reason: ${reason}`);
    expect(error.exitCode).toBe(1);
  });

  it("reports an HTTP error with a body that is not JSON as an HTTP error", async () => {
    const error = await failure(acquire(env, stubHttp(jsonResponse(400, "<html>bad</html>"))).promise);
    expect(error.message).toContain("Get Token request returned http error: 400, reason: Bad Request");
  });

  it("reports a connection failure with a one-line detail and does not retry it", async () => {
    const http = stubHttp(new HttpNetworkError("Failed to connect to 169.254.169.254: connection refused", "169.254.169.254", "refused", "ECONNREFUSED"));
    const error = await failure(acquire(env, http).promise);
    expect(http.requests).toHaveLength(1);
    expect(error.message).toBe(
      "Failed to connect to MSI. Please make sure MSI is configured correctly and check the network connection.\nError detail: Failed to connect to 169.254.169.254: connection refused",
    );
    expect(error.render()).not.toMatch(/ at .*\(/); // no stack trace
  });

  it("reports a hung endpoint as a time-out", async () => {
    const http = stubHttp((request) => timeoutError({ host: "169.254.169.254" }, request.timeoutMs!));
    const error = await failure(acquire(env, http).promise);
    expect(http.requests).toHaveLength(1);
    expect(error.message).toBe(
      "Failed to connect to MSI. Please make sure MSI is configured correctly and check the network connection.\nError detail: Connection to 169.254.169.254 timed out after 10 s",
    );
  });

  it.each([
    ["a body that is not JSON", "<html>captive portal</html>"],
    ["no access_token", JSON.stringify({ expires_in: "3599", token_type: "Bearer" })],
  ])("reports a 200 with %s", async (_name, body) => {
    const error = await failure(acquire(env, stubHttp({ status: 200, headers: {}, body })).promise);
    expect(error.message.split("\n")[0]).toBe("Failed to connect to MSI. Please make sure MSI is configured correctly.");
    expect(error.message.split("\n")).toHaveLength(2);
    expect(error.message).toMatch(/^Failed to connect to MSI[^\n]*\nError detail: \S/);
  });

  it("keeps the token out of --debug output", async () => {
    const { promise, stderr } = acquire(env, stubHttp(ok()), SELECTORS.client, {}, { debug: true });
    await promise;
    const log = stderr.join("");
    expect(log).toContain("from the Imds endpoint");
    expect(log).not.toContain(TOKEN);
  });
});

describe("MSAL node's process-wide state", () => {
  it("uses each call's own HTTP client (MSAL's cached source is forgotten)", async () => {
    const first = stubHttp(ok());
    const second = stubHttp(ok());
    await acquire(env, first).promise;
    await acquire(env, second).promise;
    expect([first.requests.length, second.requests.length]).toEqual([1, 1]);
  });

  it("asks the endpoint on every call (MSAL's in-memory cache is bypassed)", async () => {
    const http = stubHttp(ok());
    await acquire(env, http).promise;
    await acquire(env, http).promise;
    expect(http.requests).toHaveLength(2);
  });

  it("reports it when MSAL sees another environment than Deps", async () => {
    const http = stubHttp(ok());
    const error = await failure(acquire({ IDENTITY_ENDPOINT: "http://127.0.0.1:1/token", IDENTITY_HEADER: "h" }, http).promise);
    expect(error.message).toBe(
      "Failed to connect to MSI. Please make sure MSI is configured correctly.\nError detail: MSAL selected the DefaultToImds managed identity source where AppService was expected",
    );
    expect(http.requests).toHaveLength(0);
  });
});
