import { describe, expect, it } from "vitest";
import { NetworkError } from "../../../src/core/errors.js";
import type { HttpClient, HttpRequest } from "../../../src/infra/http-types.js";
import { MsalNetworkModule } from "../../../src/infra/msal-network.js";

function stub(answer: (r: HttpRequest) => { status: number; body: string } | Error) {
  const seen: HttpRequest[] = [];
  const http: HttpClient = {
    async send(request) {
      seen.push(request);
      const a = answer(request);
      if (a instanceof Error) throw a;
      return { ...a, headers: { "x-ms-request-id": "r1" } };
    },
  };
  return { http, seen };
}

describe("MsalNetworkModule", () => {
  it("POSTs MSAL's body and headers and returns parsed JSON", async () => {
    const { http, seen } = stub(() => ({ status: 200, body: '{"access_token":"a","expires_in":3600}' }));
    const module = new MsalNetworkModule(http, 30_000);
    const response = await module.sendPostRequestAsync<{ access_token: string }>("https://login.microsoftonline.com/t/oauth2/v2.0/token", {
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "grant_type=refresh_token",
    });
    expect(response).toEqual({ status: 200, headers: { "x-ms-request-id": "r1" }, body: { access_token: "a", expires_in: 3600 } });
    expect(seen).toEqual([
      { method: "POST", url: "https://login.microsoftonline.com/t/oauth2/v2.0/token", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "grant_type=refresh_token", timeoutMs: 30_000 },
    ]);
  });

  it("GET passes MSAL's own time-out through; error statuses are returned for MSAL to judge", async () => {
    const { http, seen } = stub(() => ({ status: 400, body: '{"error":"invalid_grant"}' }));
    const response = await new MsalNetworkModule(http).sendGetRequestAsync("http://169.254.169.254/metadata/instance", undefined, 2_000);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: "invalid_grant" });
    expect(seen[0]).toMatchObject({ method: "GET", timeoutMs: 2_000 });
  });

  it("an empty body becomes {}; a non-JSON body is a NetworkError naming the host", async () => {
    expect((await new MsalNetworkModule(stub(() => ({ status: 204, body: "" })).http).sendGetRequestAsync("https://h.example/")).body).toEqual({});
    const module = new MsalNetworkModule(stub(() => ({ status: 502, body: "<html>Bad gateway</html>" })).http);
    await expect(module.sendGetRequestAsync("https://login.microsoftonline.com/x")).rejects.toThrow(
      "Unexpected response from login.microsoftonline.com: HTTP 502 with a body that is not JSON",
    );
    expect(module.lastError).toBeInstanceOf(NetworkError);
  });

  it("keeps the last NetworkError, since MSAL replaces it with its own", async () => {
    const failure = new NetworkError("Failed to connect to login.microsoftonline.com: connection refused");
    const module = new MsalNetworkModule(stub(() => failure).http);
    await expect(module.sendPostRequestAsync("https://login.microsoftonline.com/t", { body: "" })).rejects.toBe(failure);
    expect(module.lastError).toBe(failure);
  });
});
