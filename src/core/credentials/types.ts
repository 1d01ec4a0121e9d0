// What every credential kind shares. One file per kind (user, service-principal, managed-identity,
// cloud-shell), as @azure/identity does; network code is reached through `await import()` only on a miss.
import type { Deps } from "../../infra/deps.js";
import type { Cloud } from "../clouds.js";
import type { Logger } from "../logger.js";
import type { ProfileAccount } from "../profile/profile-file.js";
import type { CachedAccessToken } from "../cache/msal-cache.js";

export interface AccessToken {
  token: string;
  /** Expiry as az reports it: floor(now) + int(expires_on - now), POSIX seconds. */
  expiresOn: number;
}

export interface TokenRequest {
  scopes: string[];
  /** `--tenant`, when given. */
  tenant?: string;
}

export interface Credential {
  getToken(request: TokenRequest): Promise<AccessToken>;
}

export interface CredentialContext {
  deps: Deps;
  logger: Logger;
  configDir: string;
  cloud: Cloud;
  account: ProfileAccount;
}

/** Azure CLI's public client id, used for every user token. */
export const AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/** az's report of a token's expiry: MSAL gives int(expires_on - now) with a fractional now; az adds int(now). */
export function reportedExpiry(nowMs: number, expiresInSeconds: number): number {
  return Math.floor(nowMs / 1000) + Math.trunc(expiresInSeconds);
}

/**
 * MSAL's silent flow around a cache lookup already made: a fresh cached token is returned as is; otherwise
 * `acquire` goes to the network, and a token that is only past its refresh_on is still used if that fails.
 */
export async function cachedOrAcquired(
  cached: CachedAccessToken | undefined,
  nowMs: number,
  logger: Logger,
  acquire: () => Promise<AccessToken>,
): Promise<AccessToken> {
  const fromCache = cached && { token: cached.secret, expiresOn: reportedExpiry(nowMs, cached.expiresIn) };
  if (cached && !cached.aging) {
    logger.debug("Cache hit an access token");
    return fromCache!;
  }
  try {
    return await acquire();
  } catch (error) {
    if (fromCache) return fromCache;
    throw error;
  }
}

/**
 * `request` (a token request to `url`) with its connection opened first (HttpClient.preconnect), so that the TCP
 * connection and the proxy's CONNECT answer come up while Node's TLS and crypto load (~10-15 ms; Node 24 also parses
 * its root certificates on another thread meanwhile). Called under the token cache's lock once no other process
 * has stored the token: only the process that sends connects, however many callers wait for its token.
 */
export async function withConnectionAhead<T>(context: CredentialContext, url: string, request: () => Promise<T>): Promise<T> {
  const release = await (await context.deps.http()).preconnect?.(url);
  try {
    return await request();
  } finally {
    release?.();
  }
}
