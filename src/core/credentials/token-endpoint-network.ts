// MSAL node's network module for token requests: our HttpClient (proxy, CA bundle, time-out, retries, debug
// lines) underneath, the request reshaped where MSAL node differs from az in ways a server may see, and the
// endpoint's raw answer kept: the cache entries are written from it and az prints its error_description.
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { MsalNetworkModule } from "../../infra/msal-network.js";
import { tokenRetryPolicy, withRetries } from "../../infra/http/retry.js";
import type { TokenResponse } from "../cache/msal-cache-writer.js";
import type { NetworkError } from "../errors.js";
import type { CredentialContext } from "./types.js";

/** Callers without a time-out must not hang (docs/compatibility.md#what-callers-rely-on). */
const TOKEN_REQUEST_TIMEOUT_MS = 30_000;

/** An MSAL network module that remembers the last token endpoint answer. */
export class TokenEndpointNetwork implements INetworkModule {
  lastAnswer: { status: number; body: TokenResponse } | undefined;

  constructor(private readonly inner: MsalNetworkModule) {}

  get lastNetworkError(): NetworkError | undefined {
    return this.inner.lastError;
  }

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.inner.sendGetRequestAsync<T>(url, options, timeout);
  }

  async sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    // MSAL puts client-request-id in the query string; az sends it as a header and posts to the bare endpoint.
    const target = new URL(url);
    const requestId = target.searchParams.get("client-request-id");
    target.searchParams.delete("client-request-id");
    const headers = { Accept: "application/json", ...options?.headers, ...(requestId ? { "client-request-id": requestId } : {}) };
    const isTokenEndpoint = target.pathname.endsWith("/token");
    const body = options?.body === undefined || !isTokenEndpoint ? undefined : formAsAzSendsIt(options.body);
    const response = await this.inner.sendPostRequestAsync<T>(target.href, { ...options, headers, ...(body === undefined ? {} : { body }) });
    this.lastAnswer = { status: response.status, body: structuredClone(response.body) as TokenResponse };
    return response;
  }
}

const MSAL_DEFAULT_ID_TOKEN_CLAIMS = JSON.stringify({ signin_state: { essential: false }, login_hint: { essential: false } });

/**
 * The token request form as az (MSAL for Python) sends it, where msal-node's differs:
 *  - msal-common 16 adds optional ID-token claims (signin_state, login_hint) to every request, even to client
 *    credentials and with CP1 disabled; az sends `claims` only for CP1 (`{"access_token": {"xms_cc": ...}}`);
 *  - az sends client_info=1 with every grant, msal-node not with client credentials.
 * MSAL's telemetry fields stay: they are what the server expects from any MSAL.
 */
export function formAsAzSendsIt(form: string): string {
  const params = new URLSearchParams(form);
  let changed = false;
  const claims = parseJsonObject(params.get("claims"));
  if (claims && JSON.stringify(claims.id_token) === MSAL_DEFAULT_ID_TOKEN_CLAIMS) {
    delete claims.id_token;
    if (Object.keys(claims).length === 0) params.delete("claims");
    else params.set("claims", JSON.stringify(claims));
    changed = true;
  }
  if (!params.has("client_info")) {
    params.set("client_info", "1");
    changed = true;
  }
  return changed ? params.toString() : form;
}

function parseJsonObject(text: string | null): Record<string, unknown> | undefined {
  if (text === null) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function createTokenEndpointNetwork(context: CredentialContext): Promise<TokenEndpointNetwork> {
  const http = withRetries(await context.deps.http(), tokenRetryPolicy(), { logger: context.logger });
  return new TokenEndpointNetwork(new MsalNetworkModule(http, TOKEN_REQUEST_TIMEOUT_MS));
}
