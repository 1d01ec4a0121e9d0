// The HttpClient (HTTP/1.1 on sockets of its own: http/transport.ts, http/wire.ts): proxies and CA bundle from the
// environment the way az (Python requests) reads them, one deadline per request, NetworkError on failure, redacted
// debug lines, and connections opened ahead of a request (preconnect).
// Retries are opt-in through withRetries() (infra/http/retry.ts) so each caller picks its policy.
import type { Logger } from "../core/logger.js";
import { redact } from "../core/redact.js";
import type { Env } from "./deps.js";
import type { HttpClient, HttpRequest, HttpResponse } from "./http-types.js";
import { loadTrustedCas } from "./http/ca.js";
import { HttpNetworkError } from "./http/net-errors.js";
import { InvalidProxyError, selectProxy } from "./http/proxy.js";
import { loadTls, preconnect, sendOnce } from "./http/transport.js";

export { HttpNetworkError, type NetworkFailure } from "./http/net-errors.js";
export { imdsRetryPolicy, retryAfterMs, tokenRetryPolicy, withRetries, type RetryPolicy, type RetryOptions } from "./http/retry.js";

export const DEFAULT_TIMEOUT_MS = 30_000;

export interface HttpClientOptions {
  env: Env;
  logger?: Logger;
  /** Default for requests that do not set timeoutMs. */
  timeoutMs?: number;
  /** Clock for durations in debug lines. */
  now?: () => number;
}

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { env, logger } = options;
  // Date.now, not performance.now: the first use of the `performance` global loads perf_hooks, ~2.5 ms of a refresh
  const now = options.now ?? (() => Date.now());
  let cas: { value: string[] | undefined } | undefined; // loaded at the first request, once

  return {
    async send(request: HttpRequest): Promise<HttpResponse> {
      const target = new URL(request.url);
      const proxy = routeProxy(target, env);
      cas ??= { value: loadTrustedCas(env) };
      const timeoutMs = request.timeoutMs ?? options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const label = `${request.method} ${displayUrl(target)}`;
      logger?.debug(`Request: ${label}${proxy ? ` via proxy ${displayUrl(proxy)}` : ""}`);
      const started = now();
      try {
        const response = await sendOnce(request, { target, proxy }, cas.value, timeoutMs);
        logger?.debug(`Response: ${response.status} ${label} (${Math.round(now() - started)} ms)`);
        return response;
      } catch (error) {
        logger?.debug(`Failed: ${label} (${Math.round(now() - started)} ms): ${error instanceof Error ? error.message : String(error)}`);
        throw error;
      }
    },
    async preconnect(url: string): Promise<() => void> {
      let target: URL | undefined;
      let release: () => void = () => undefined;
      try {
        target = new URL(url);
        const proxy = routeProxy(target, env);
        logger?.debug(`Connecting ahead to ${target.host}${proxy ? ` via proxy ${displayUrl(proxy)}` : ""}`);
        release = preconnect({ target, proxy });
      } catch {
        // a bad URL or proxy setting: the request itself reports it
      }
      // One turn of the event loop: a connection that is up at once (a proxy on this machine) sends its first
      // bytes, the CONNECT request, before the CPU-bound loading that follows, and the answer waits for it.
      await new Promise((resolve) => setImmediate(resolve));
      if (target?.protocol === "https:") loadTls();
      return release;
    },
  };
}

function routeProxy(target: URL, env: Env): URL | undefined {
  if (target.protocol !== "https:" && target.protocol !== "http:") {
    throw new HttpNetworkError(`Unsupported URL scheme '${target.protocol}' for ${target.host}`, target.host, "other");
  }
  try {
    return selectProxy(target, env);
  } catch (error) {
    if (error instanceof InvalidProxyError) throw new HttpNetworkError(error.message, target.host, "proxy");
    throw error;
  }
}

/** The URL for humans: credentials dropped, secret query values masked (again, whatever the logger does). */
function displayUrl(url: URL): string {
  const copy = new URL(url.href);
  copy.username = "";
  copy.password = "";
  return redact(copy.href);
}
