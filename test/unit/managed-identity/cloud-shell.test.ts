// Cloud Shell / old VM extension (MSI_ENDPOINT alone): hand-written form POST, no MSAL.
import { describe, expect, it } from "vitest";
import { acquireManagedIdentityToken } from "../../../src/core/credentials/managed-identity-network.js";
import { acquire, CLIENT_ID, harness, imdsBody, jsonResponse, NOW_S, OBJECT_ID, RESOURCE_ID, SELECTORS, stubHttp, TOKEN } from "./helpers.js";

const ENV = { ACC_CLOUD: "PROD", MSI_ENDPOINT: "http://localhost:50342/oauth2/token" };

describe("Cloud Shell (MSI_ENDPOINT)", () => {
  it.each([
    ["system", "resource=https%3A%2F%2Fmanagement.core.windows.net%2F"],
    ["client", `resource=https%3A%2F%2Fmanagement.core.windows.net%2F&client_id=${CLIENT_ID}`],
    ["object", `resource=https%3A%2F%2Fmanagement.core.windows.net%2F&object_id=${OBJECT_ID}`],
    ["resource", `resource=https%3A%2F%2Fmanagement.core.windows.net%2F&msi_res_id=${encodeURIComponent(RESOURCE_ID)}`],
  ])("POSTs the form for the %s identity with Metadata: true", async (kind, form) => {
    const http = stubHttp(jsonResponse(200, imdsBody()));
    expect(await acquire(ENV, http, SELECTORS[kind]).promise).toEqual({ token: TOKEN, expiresOn: NOW_S + 86399 });
    expect(http.requests).toEqual([
      {
        method: "POST",
        url: "http://localhost:50342/oauth2/token",
        headers: { Metadata: "true", "Content-Type": "application/x-www-form-urlencoded" },
        body: form,
        timeoutMs: 10_000,
      },
    ]);
  });

  it("serves a Cloud Shell account (user with cloudShellID) the same way", async () => {
    const http = stubHttp(jsonResponse(200, imdsBody()));
    const { context, stderr } = harness(ENV, http);
    const token = await acquireManagedIdentityToken({ context, selector: SELECTORS.system!, resource: "https://vault.azure.net", cloudShell: true });
    expect(token.token).toBe(TOKEN);
    expect(http.requests[0]!.body).toBe("resource=https%3A%2F%2Fvault.azure.net");
    expect(stderr.join("")).toContain("DEBUG: Cloud Shell token for https://vault.azure.net from the CloudShell endpoint");
  });
});
