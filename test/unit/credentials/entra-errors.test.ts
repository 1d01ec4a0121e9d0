// az's rendering of token request failures (docs/compatibility.md#entra-errors; azure-cli auth/util.py, latest).
import { describe, expect, it } from "vitest";
import { AzError, NetworkError } from "../../../src/core/errors.js";
import { entraError, loginCommand, tokenRequestError } from "../../../src/core/credentials/entra-errors.js";

const INTRO = "Run the command below to authenticate interactively; additional arguments may be added as needed:";

describe("loginCommand", () => {
  it("quotes the tenant and every scope, after az logout", () => {
    expect(loginCommand({ tenant: "T", scopes: ["S1", "S2"] })).toBe('az logout\naz login --tenant "T" --scope "S1" "S2"');
    expect(loginCommand({ scopes: ["S1"] })).toBe('az logout\naz login --scope "S1"');
    expect(loginCommand({ tenant: "T" })).toBe('az logout\naz login --tenant "T"');
    expect(loginCommand({})).toBe("az logout\naz login");
  });
});

describe("entraError", () => {
  it("prints error_description verbatim, CRLFs kept, then the recommendation", () => {
    const error = entraError({ error: "invalid_grant", error_description: "AADSTS50076: MFA.\r\nTrace ID: 1", error_codes: [50076] }, { tenant: "T", scopes: ["S"] });
    expect(error.render()).toBe(`ERROR: AADSTS50076: MFA.\r\nTrace ID: 1\n${INTRO}\naz logout\naz login --tenant "T" --scope "S"\n`);
    expect(error.exitCode).toBe(1);
  });

  it("replaces the recommendation for AADSTS7000215", () => {
    expect(entraError({ error: "invalid_client", error_description: "AADSTS7000215: x", error_codes: [7000215, 1] }, {}).recommendation).toMatch(
      /^The error may be caused by passing a service principal certificate with --password\. /,
    );
  });

  it("falls back to the error code without a description", () => {
    expect(entraError({ error: "temporarily_unavailable" }, {}).message).toBe("temporarily_unavailable");
  });
});

describe("tokenRequestError", () => {
  const base = { host: "login.microsoftonline.com", hint: { tenant: "T" } };

  it("prefers the endpoint's Entra answer over MSAL's wrapper", () => {
    const failure = tokenRequestError({ ...base, error: new Error("ServerError: invalid_grant"), answer: { status: 400, body: { error: "invalid_grant", error_description: "AADSTS1: no" } } });
    expect(failure.message).toBe("AADSTS1: no");
  });

  it("passes our one-line network errors through", () => {
    const network = new NetworkError("Failed to connect to login.microsoftonline.com: connection refused");
    expect(tokenRequestError({ ...base, error: new Error("network_error"), networkError: network })).toBe(network);
  });

  it("puts MSAL client errors on one redacted line", () => {
    const msalError = Object.assign(new Error("x"), { errorCode: "invalid_assertion", errorMessage: "bad client_secret=hunter2\nstack line" });
    const failure = tokenRequestError({ ...base, error: msalError });
    expect(failure).toBeInstanceOf(AzError);
    expect(failure.render()).toBe("ERROR: Could not get a token from login.microsoftonline.com: invalid_assertion: bad client_secret=<redacted>\n");
  });

  it("names the HTTP status of a non-Entra error answer", () => {
    expect(tokenRequestError({ ...base, error: new Error("?"), answer: { status: 503, body: {} } }).message).toBe(
      "Token request to login.microsoftonline.com failed: HTTP 503",
    );
  });
});
