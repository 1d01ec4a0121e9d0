// MSAL node's INetworkModule on top of our HttpClient, so MSAL's requests get our proxy, CA bundle,
// time-out and debug logging. MSAL wraps any error a network module throws into its own generic
// "network_error", so our original one-line error (a network failure, or a CA bundle or proxy setting that
// cannot be used) is kept in `lastError` for the caller to report.
import type { INetworkModule, NetworkRequestOptions, NetworkResponse } from "@azure/msal-node";
import { AzError, NetworkError } from "../core/errors.js";
import type { HttpClient, HttpRequest } from "./http-types.js";

export class MsalNetworkModule implements INetworkModule {
  /** The last failure of this module, for turning MSAL's wrapped error back into ours. */
  lastError: AzError | undefined;

  constructor(
    private readonly http: HttpClient,
    private readonly defaultTimeoutMs?: number,
  ) {}

  sendGetRequestAsync<T>(url: string, options?: NetworkRequestOptions, timeout?: number): Promise<NetworkResponse<T>> {
    return this.send<T>({ method: "GET", url }, options, timeout);
  }

  sendPostRequestAsync<T>(url: string, options?: NetworkRequestOptions): Promise<NetworkResponse<T>> {
    return this.send<T>({ method: "POST", url, body: options?.body ?? "" }, options);
  }

  private async send<T>(base: HttpRequest, options: NetworkRequestOptions | undefined, timeout?: number): Promise<NetworkResponse<T>> {
    const timeoutMs = timeout ?? this.defaultTimeoutMs;
    const request: HttpRequest = { ...base, headers: { ...options?.headers }, ...(timeoutMs ? { timeoutMs } : {}) };
    try {
      const response = await this.http.send(request);
      return { status: response.status, headers: response.headers, body: parseJsonBody<T>(response.body, response.status, request.url) };
    } catch (error) {
      if (error instanceof AzError) this.lastError = error;
      throw error;
    }
  }
}

/** MSAL expects parsed JSON; an empty body becomes {} (MSAL then reports the HTTP status itself). */
function parseJsonBody<T>(body: string, status: number, url: string): T {
  if (body.trim() === "") return {} as T;
  try {
    return JSON.parse(body) as T;
  } catch {
    throw new NetworkError(`Unexpected response from ${new URL(url).host}: HTTP ${status} with a body that is not JSON`);
  }
}
