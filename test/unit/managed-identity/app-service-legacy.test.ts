// App Service 2017-09-01 / Machine Learning (MSI_ENDPOINT + MSI_SECRET): hand-written, no MSAL.
import { describe, expect, it } from "vitest";
import { AzError } from "../../../src/core/errors.js";
import { acquire, CLIENT_ID, jsonResponse, NOW_S, SELECTORS, stubHttp, TOKEN } from "./helpers.js";

const ENV = { APPSETTING_WEBSITE_SITE_NAME: "site1", MSI_ENDPOINT: "http://127.0.0.1:18443/MSI/token", MSI_SECRET: "s3cr3t" };
// What App Service answers (az's sample): a date string, no expires_in.
const APP_SERVICE_BODY = { access_token: TOKEN, expires_on: "11/05/2021 15:18:31 +00:00", resource: "https://vault.azure.net", token_type: "Bearer", client_id: CLIENT_ID };

describe("App Service 2017-09-01", () => {
  it("asks like az 2.45 for a client id (golden appservice_token) and reads the date expires_on", async () => {
    const http = stubHttp(jsonResponse(200, APP_SERVICE_BODY));
    const { promise } = acquire(ENV, http, SELECTORS.client, {}, { resource: "https://vault.azure.net" });
    expect(await promise).toEqual({ token: TOKEN, expiresOn: 1636125511 });
    expect(http.requests).toHaveLength(1);
    expect(http.requests[0]).toMatchObject({
      method: "GET",
      url: `http://127.0.0.1:18443/MSI/token/?resource=https://vault.azure.net&api-version=2017-09-01&clientid=${CLIENT_ID}`,
      headers: { secret: "s3cr3t", Metadata: "true" },
      timeoutMs: 10_000,
    });
    expect(http.requests[0]!.body).toBeUndefined();
  });

  it("sends no clientid for the system identity and encodes the resource", async () => {
    const http = stubHttp(jsonResponse(200, { ...APP_SERVICE_BODY, expires_on: String(NOW_S + 100) }));
    const { promise } = acquire({ ...ENV, MSI_ENDPOINT: "http://127.0.0.1:18443/MSI/token/" }, http, SELECTORS.system, {}, { resource: "https://x.example/a b&c" });
    expect((await promise).expiresOn).toBe(NOW_S + 100);
    expect(http.requests[0]!.url).toBe("http://127.0.0.1:18443/MSI/token/?resource=https://x.example/a%20b%26c&api-version=2017-09-01");
  });

  it("on Machine Learning sends the system identity's DEFAULT_IDENTITY_CLIENT_ID, as MSAL does", async () => {
    const http = stubHttp(jsonResponse(200, { ...APP_SERVICE_BODY, expires_on: String(NOW_S + 100) }));
    const env = { MSI_ENDPOINT: "http://127.0.0.1:1/token", MSI_SECRET: "s", DEFAULT_IDENTITY_CLIENT_ID: "aml-id" };
    await acquire(env, http).promise;
    expect(http.requests[0]!.url).toBe("http://127.0.0.1:1/token/?resource=https://management.core.windows.net/&api-version=2017-09-01&clientid=aml-id");
  });

  it.each(["object", "resource"])("refuses a user-assigned %s id without asking (only client ids work there)", async (kind) => {
    const http = stubHttp(jsonResponse(200, APP_SERVICE_BODY));
    const error = await acquire(ENV, http, SELECTORS[kind]).promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzError);
    expect((error as AzError).message).toBe(
      "Failed to connect to MSI. Please make sure MSI is configured correctly.\nError detail: only a client id can select a user-assigned identity with MSI_ENDPOINT and MSI_SECRET (App Service 2017-09-01)",
    );
    expect(http.requests).toHaveLength(0);
  });

  it("reports an HTTP error without retrying and never shows the secret", async () => {
    const http = stubHttp(jsonResponse(500, { ExceptionMessage: "boom s3cr3t" }));
    const { promise, stderr } = acquire(ENV, http, SELECTORS.client);
    const error = (await promise.catch((e: unknown) => e)) as AzError;
    expect(error.message).toBe("Failed to connect to MSI. Please make sure MSI is configured correctly.\nGet Token request returned http error: 500, reason: Internal Server Error");
    expect(http.requests).toHaveLength(1);
    expect(stderr.join("")).not.toContain("s3cr3t");
  });
});
