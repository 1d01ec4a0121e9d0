// Service Fabric (IDENTITY_ENDPOINT + IDENTITY_HEADER + IDENTITY_SERVER_THUMBPRINT) through MSAL node.
import { describe, expect, it } from "vitest";
import { acquire, CLIENT_ID, jsonResponse, NOW_S, queryOf, RESOURCE, SELECTORS, stubHttp, TOKEN } from "./helpers.js";
import { useMsalEnv } from "./msal-env.js";

const ENDPOINT = "https://127.0.0.1:2377/metadata/identity/oauth2/token";
const env = useMsalEnv({ IDENTITY_ENDPOINT: ENDPOINT, IDENTITY_HEADER: "sf-secret", IDENTITY_SERVER_THUMBPRINT: "AB12" });

describe("Service Fabric", () => {
  it.each([
    ["system", {}],
    ["client", { client_id: CLIENT_ID }],
  ])("GETs with the secret header for the %s identity", async (kind, idParam) => {
    const http = stubHttp(jsonResponse(200, { access_token: TOKEN, expires_on: NOW_S + 600, token_type: "Bearer", resource: RESOURCE }));
    expect(await acquire(env, http, SELECTORS[kind]).promise).toEqual({ token: TOKEN, expiresOn: NOW_S + 600 });
    const [request] = http.requests;
    expect(http.requests).toHaveLength(1);
    expect(request!.url.split("?")[0]).toBe(ENDPOINT);
    expect(queryOf(request!.url)).toEqual({ "api-version": "2019-07-01-preview", resource: RESOURCE, ...idParam });
    expect(request!.headers).toMatchObject({ secret: "sf-secret" });
  });
});
