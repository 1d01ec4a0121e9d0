// Azure Arc (IDENTITY_ENDPOINT + IMDS_ENDPOINT) through MSAL node: the 401 challenge and MSAL's key file checks.
import { describe, expect, it } from "vitest";
import type { AzError } from "../../../src/core/errors.js";
import { acquire, imdsBody, jsonResponse, NOW_S, queryOf, RESOURCE, SELECTORS, stubHttp, TOKEN } from "./helpers.js";
import { useMsalEnv } from "./msal-env.js";

const ENDPOINT = "http://127.0.0.1:40342/metadata/identity/oauth2/token";
const env = useMsalEnv({ IDENTITY_ENDPOINT: ENDPOINT, IMDS_ENDPOINT: "http://127.0.0.1:40342" });
const challenge = (realm: string) => jsonResponse(401, {}, { "www-authenticate": `Basic realm=${realm}` });
const failure = async (promise: Promise<unknown>) => (await promise.catch((e: unknown) => e)) as AzError;

describe("Azure Arc", () => {
  it("GETs the token with Metadata: true (no challenge needed) and reports expires_in", async () => {
    const http = stubHttp(jsonResponse(200, imdsBody()));
    expect(await acquire(env, http).promise).toEqual({ token: TOKEN, expiresOn: NOW_S + 86399 });
    const [request] = http.requests;
    expect(request!.method).toBe("GET");
    expect(request!.url.split("?")[0]).toBe(ENDPOINT);
    expect(queryOf(request!.url)).toEqual({ "api-version": "2020-06-01", resource: RESOURCE });
    expect(request!.headers).toMatchObject({ Metadata: "true" });
  });

  it("refuses a key file outside the agent's token folder without reading it", async () => {
    const http = stubHttp(challenge("/etc/passwd.key"));
    const error = await failure(acquire(env, http).promise);
    expect(http.requests).toHaveLength(1);
    expect(error.message).toMatch(/^Failed to connect to MSI\. Please make sure MSI is configured correctly\.\nError detail: invalid_file_path: /);
  });

  it("refuses a challenge file that is not a .key file", async () => {
    const error = await failure(acquire(env, stubHttp(challenge("/var/opt/azcmagent/tokens/x.txt"))).promise);
    expect(error.message).toContain("Error detail: invalid_file_extension");
  });

  it("reports a 401 without a challenge header", async () => {
    const error = await failure(acquire(env, stubHttp(jsonResponse(401, {}))).promise);
    expect(error.message).toContain("Error detail: www_authenticate_header_missing");
  });

  it("reports a missing key file in the agent's folder", async () => {
    const error = await failure(acquire(env, stubHttp(challenge("/var/opt/azcmagent/tokens/does-not-exist-aztoken.key"))).promise);
    expect(error.message).toContain("Error detail: unable_to_read_secret_file");
    expect(error.message.split("\n")).toHaveLength(2);
  });

  it("does not retry", async () => {
    const http = stubHttp(jsonResponse(500, { error: "x" }));
    const error = await failure(acquire(env, http, SELECTORS.system).promise);
    expect(http.requests).toHaveLength(1);
    expect(error.message).toContain("http error: 500, reason: Internal Server Error");
  });
});
