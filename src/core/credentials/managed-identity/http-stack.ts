// The HTTP client every source uses: our HttpClient (proxy, CA bundle) with a per-attempt time-out, IMDS's
// bounded retries, and a record of the last response so errors can name the HTTP status even when MSAL
// has turned it into its own error.
import type { Logger } from "../../logger.js";
import type { HttpClient, HttpRequest, HttpResponse } from "../../../infra/http-types.js";
import { imdsRetryPolicy, withRetries, type RetryPolicy } from "../../../infra/http/retry.js";

export interface StackOptions {
  /** Time-out of one HTTP attempt. */
  attemptTimeoutMs: number;
  /** No retry starts unless it can finish (attempt time-out included) within this budget. */
  totalBudgetMs: number;
  retries: boolean;
  logger: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  now?: () => number;
}

/** Remembers the last response that came back, for error reporting and for reading the raw token body. */
export class RecordingHttpClient implements HttpClient {
  last: HttpResponse | undefined;

  constructor(private readonly inner: HttpClient) {}

  async send(request: HttpRequest): Promise<HttpResponse> {
    this.last = undefined;
    this.last = await this.inner.send(request);
    return this.last;
  }
}

export function buildStack(base: HttpClient, options: StackOptions): RecordingHttpClient {
  const timed: HttpClient = { send: (request) => base.send({ ...request, timeoutMs: request.timeoutMs ?? options.attemptTimeoutMs }) };
  if (!options.retries) return new RecordingHttpClient(timed);
  const policy = withinBudget(imdsRetryPolicy(options.random ? { random: options.random } : {}), options);
  const retrying = withRetries(timed, policy, {
    logger: options.logger,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  return new RecordingHttpClient(retrying);
}

/**
 * az 2.45's IMDS loop (12 retries with growing random back-off, 410 until 70 s) could run for minutes; callers
 * give up after 10-60 s. Keep its retry rule but never start a retry that could end past the budget.
 */
export function withinBudget(policy: RetryPolicy, { attemptTimeoutMs, totalBudgetMs }: Pick<StackOptions, "attemptTimeoutMs" | "totalBudgetMs">): RetryPolicy {
  return {
    delayFor(outcome, context) {
      const delay = policy.delayFor(outcome, context);
      if (delay === undefined) return undefined;
      return context.elapsedMs + delay + attemptTimeoutMs <= totalBudgetMs ? delay : undefined;
    },
  };
}
