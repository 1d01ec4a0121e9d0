// Tokens held in memory for `serve`: a fresh one is answered synchronously; a missing or ageing one is fetched
// once however many requests ask at the same time; a token in use is refreshed in the background before it
// reaches the credential's own refresh margin, so callers never wait for the network.
import type { Clock } from "../../infra/deps.js";
import type { AccessToken } from "../credentials/types.js";
import { EXPIRY_MARGIN_SECONDS } from "../cache/msal-cache.js";

export interface TokenTarget {
  scopes: string[];
  /** A tenant other than the account's, when the caller names one. */
  tenant?: string;
}

/** Gets a token the way `get-token` does (the locked MSAL cache, then the network). */
export type FetchToken = (target: TokenTarget) => Promise<AccessToken>;

/**
 * While a refresh runs, the previous token is still handed out if it has this long left: more than the two
 * minutes before expiry at which the Azure SDKs ask again.
 */
const STALE_SERVE_MS = 150_000;
/** After a failed background refresh, the previous token is answered this long before the next attempt. */
const RETRY_AFTER_FAILURE_MS = 10_000;
/** The refresh timer fires this long after the margin is crossed, so the credential (same margin) refreshes. */
const TIMER_SLACK_MS = 1_000;

interface Entry {
  readonly target: TokenTarget;
  token?: AccessToken;
  /** Until then the token is answered as is (epoch ms). */
  freshUntilMs: number;
  inflight?: Promise<AccessToken>;
  /** Asked for since the last fetch: only tokens in use are refreshed in the background. */
  used: boolean;
  cancelTimer?: () => void;
}

export interface TokenMemoryOptions {
  clock: Clock;
  setTimer(delayMs: number, callback: () => void): () => void;
  /** A background refresh failed; the previous token is kept while it lasts and the next request tries again. */
  onBackgroundError(target: TokenTarget, error: unknown): void;
}

export class TokenMemory {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly fetch: FetchToken,
    private readonly options: TokenMemoryOptions,
  ) {}

  /** The token for `target`: synchronously when memory has a fresh one, else from one shared fetch. */
  get(target: TokenTarget): AccessToken | Promise<AccessToken> {
    const key = `${target.tenant ?? ""} ${target.scopes.join(" ")}`;
    let entry = this.entries.get(key);
    if (!entry) this.entries.set(key, (entry = { target, freshUntilMs: 0, used: true }));
    entry.used = true;
    const token = entry.token;
    if (token) {
      const now = this.options.clock.now();
      if (now < entry.freshUntilMs) return token;
      if (token.expiresOn * 1000 - now > STALE_SERVE_MS) {
        if (!entry.inflight) this.refreshInBackground(key, entry);
        return token;
      }
    }
    return entry.inflight ?? this.refresh(key, entry);
  }

  /** Cancels every refresh timer (the server is stopping). */
  stop(): void {
    for (const entry of this.entries.values()) entry.cancelTimer?.();
    this.entries.clear();
  }

  private refresh(key: string, entry: Entry): Promise<AccessToken> {
    const inflight = this.fetch(entry.target).then(
      (token) => {
        entry.inflight = undefined;
        entry.token = token;
        entry.used = false;
        entry.freshUntilMs = freshUntil(token, this.options.clock.now());
        this.schedule(key, entry);
        return token;
      },
      (error: unknown) => {
        entry.inflight = undefined;
        if (!entry.token) this.entries.delete(key);
        // keep answering with the previous token for a while instead of retrying on every request
        else entry.freshUntilMs = Math.min(this.options.clock.now() + RETRY_AFTER_FAILURE_MS, entry.token.expiresOn * 1000 - STALE_SERVE_MS);
        throw error;
      },
    );
    entry.inflight = inflight;
    return inflight;
  }

  private schedule(key: string, entry: Entry): void {
    entry.cancelTimer?.();
    const delay = entry.freshUntilMs - this.options.clock.now() + TIMER_SLACK_MS;
    entry.cancelTimer = this.options.setTimer(delay, () => {
      entry.cancelTimer = undefined;
      if (entry.inflight) return;
      if (!entry.used) {
        // nobody asked since the last fetch: forget it rather than refresh it forever
        this.entries.delete(key);
        return;
      }
      this.refreshInBackground(key, entry);
    });
  }

  private refreshInBackground(key: string, entry: Entry): void {
    this.refresh(key, entry).catch((error: unknown) => this.options.onBackgroundError(entry.target, error));
  }
}

/**
 * Answered as is until the credential's own margin (MSAL's five minutes) is reached; a token that arrives
 * with less left than that (an ageing token the credential fell back to) for half of what it has left.
 */
function freshUntil(token: AccessToken, nowMs: number): number {
  const expiresMs = token.expiresOn * 1000;
  const margin = expiresMs - EXPIRY_MARGIN_SECONDS * 1000;
  return margin > nowMs ? margin : nowMs + Math.max(0, expiresMs - nowMs) / 2;
}
