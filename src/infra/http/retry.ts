// Retry policies, applied by withRetries() as a decorator so each caller picks one:
//  - tokenRetryPolicy: Entra token/discovery requests. 429/5xx are retried once after max(1 s, Retry-After),
//    the delay rule of MSAL node's LinearRetryStrategy (Retry-After in seconds or as an HTTP date); a
//    connection failure other than a time-out is retried once, like MSAL Python's HTTPAdapter(max_retries=1).
//  - imdsRetryPolicy: msrestazure's IMDS loop that az 2.45 runs (docs/compatibility.md#managed-identity): 404/410/429/5xx, up to 12
//    retries, each after a random pick of the first n slots 0.1 s × (2^(k+1) − 1); 410 keeps trying until 70 s.
import type { Logger } from "../../core/logger.js";
import type { HttpClient, HttpRequest, HttpResponse } from "../http-types.js";
import { HttpNetworkError } from "./net-errors.js";

export interface RetryContext {
  /** Retries already made (0 after the first attempt). */
  retries: number;
  /** Milliseconds since the first attempt started. */
  elapsedMs: number;
  /** Wall-clock now, for Retry-After dates. */
  nowMs: number;
}

export interface RetryPolicy {
  /** Milliseconds to wait before retrying, or undefined to return `outcome` (response or error) as is. */
  delayFor(outcome: HttpResponse | Error, context: RetryContext): number | undefined;
}

export interface RetryOptions {
  sleep?: (ms: number) => Promise<void>;
  /** Wall clock in ms; only differences and Retry-After dates are computed from it. */
  now?: () => number;
  logger?: Logger;
}

export const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function withRetries(client: HttpClient, policy: RetryPolicy, options: RetryOptions = {}): HttpClient {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  return {
    async send(request: HttpRequest): Promise<HttpResponse> {
      const started = now();
      for (let retries = 0; ; retries++) {
        const outcome = await client.send(request).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
        const delay = policy.delayFor(outcome, { retries, elapsedMs: now() - started, nowMs: now() });
        if (delay === undefined) {
          if (outcome instanceof Error) throw outcome;
          return outcome;
        }
        const why = outcome instanceof Error ? outcome.message : `HTTP ${outcome.status}`;
        options.logger?.debug(`Retrying ${request.method} ${new URL(request.url).host} in ${Math.round(delay)} ms after ${why} (retry ${retries + 1})`);
        await sleep(delay);
      }
    },
  };
}

const isServerError = (status: number) => status >= 500 && status <= 599;

export function tokenRetryPolicy(options: { maxRetries?: number; minDelayMs?: number; maxDelayMs?: number } = {}): RetryPolicy {
  const maxRetries = options.maxRetries ?? 1;
  const minDelayMs = options.minDelayMs ?? 1000;
  // MSAL has no cap; a CLI should not sleep for an hour because a server said so.
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  return {
    delayFor(outcome, { retries, nowMs }) {
      if (retries >= maxRetries) return undefined;
      if (outcome instanceof Error) {
        const retryable = outcome instanceof HttpNetworkError && ["refused", "reset", "dns"].includes(outcome.failure);
        return retryable ? 0 : undefined;
      }
      if (outcome.status !== 429 && !isServerError(outcome.status)) return undefined;
      return Math.min(maxDelayMs, Math.max(minDelayMs, retryAfterMs(outcome.headers["retry-after"], nowMs) ?? 0));
    },
  };
}

/** Retry-After as delta-seconds or an HTTP date; undefined when absent or unparseable. */
export function retryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

export function imdsRetryPolicy(options: { maxRetries?: number; goneTotalMs?: number; random?: () => number } = {}): RetryPolicy {
  const maxRetries = options.maxRetries ?? 12;
  const goneTotalMs = options.goneTotalMs ?? 70_000;
  const random = options.random ?? Math.random;
  const slots = Array.from({ length: maxRetries }, (_, k) => 100 * ((2 << k) - 1));
  return {
    delayFor(outcome, { retries, elapsedMs }) {
      if (outcome instanceof Error) return undefined;
      const { status } = outcome;
      if (![404, 410, 429].includes(status) && !isServerError(status)) return undefined;
      if (retries < maxRetries) return slots[Math.floor(random() * (retries + 1))];
      // IMDS answers 410 while it is being upgraded; msrestazure waits until 70 s have passed in total.
      const gap = goneTotalMs - elapsedMs;
      return status === 410 && gap > 0 ? gap : undefined;
    },
  };
}
