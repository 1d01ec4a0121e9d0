// App Service 2019-08-01 (IDENTITY_ENDPOINT + IDENTITY_HEADER) through MSAL node, over a stub HttpClient.
import { describe, expect, it } from "vitest";
import type { AzError } from "../../../src/core/errors.js";
import { acquire, CLIENT_ID, jsonResponse, NOW_S, OBJECT_ID, queryOf, RESOURCE, RESOURCE_ID, SELECTORS, stubHttp, TOKEN } from "./helpers.js";
import { useMsalEnv } from "./msal-env.js";

const ENDPOINT = "http://127.0.0.1:41741/msi/token";
const HEADER = "identity-header-secret";
const env = useMsalEnv({ IDENTITY_ENDPOINT: ENDPOINT, IDENTITY_HEADER: HEADER, MSI_ENDPOINT: "http://127.0.0.1:41741/legacy", MSI_SECRET: "legacy-secret" });
// App Service answers with an epoch expires_on and no expires_in.
const ok = () => jsonResponse(200, { access_token: TOKEN, expires_on: String(NOW_S + 3600), resource: RESOURCE, token_type: "Bearer", client_id: CLIENT_ID });

describe("App Service 2019-08-01", () => {
  it.each([
    ["system", {}],
    ["client", { client_id: CLIENT_ID }],
    ["object", { object_id: OBJECT_ID }],
    ["resource", { mi_res_id: RESOURCE_ID }],
  ])("GETs with X-IDENTITY-HEADER for the %s identity and reports int(expires_on)", async (kind, idParam) => {
    const http = stubHttp(ok());
    expect(await acquire(env, http, SELECTORS[kind]).promise).toEqual({ token: TOKEN, expiresOn: NOW_S + 3600 });
    expect(http.requests).toHaveLength(1);
    const [request] = http.requests;
    expect(request!.method).toBe("GET");
    expect(request!.url.split("?")[0]).toBe(ENDPOINT);
    expect(queryOf(request!.url)).toEqual({ "api-version": "2019-08-01", resource: RESOURCE, ...idParam });
    expect(request!.headers).toMatchObject({ "X-IDENTITY-HEADER": HEADER });
    expect(request!.headers).not.toHaveProperty("secret");
  });

  it("does not retry errors, and keeps the identity header out of messages and logs", async () => {
    const http = stubHttp(jsonResponse(500, { error: { code: "x", message: `bad header ${HEADER}` } }));
    const { promise, stderr } = acquire(env, http, SELECTORS.system, {}, { debug: true });
    const error = (await promise.catch((e: unknown) => e)) as AzError;
    expect(http.requests).toHaveLength(1);
    expect(error.message).toBe("Failed to connect to MSI. Please make sure MSI is configured correctly.\nGet Token request returned http error: 500, reason: Internal Server Error");
    expect(stderr.join("")).not.toContain(HEADER);
  });
});
