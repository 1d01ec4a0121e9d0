// Write side for token-endpoint responses: the entries MSAL for Python 1.21 (az) adds to msal_token_cache.json,
// built from the raw response the way its TokenCache.add() and update_rt() build them.
//
// Why not msal-node's own cache serializer: it writes `home_account_id: ""` for app tokens (az's lookup
// `is_subdict_of({"home_account_id": None}, entry)` then misses them), adds fields az never writes
// (`last_updated_at`, `tenantProfiles`, `client_info`, ...), creates Account entries on a refresh (az skips them
// so that a concurrent logout wins) and re-serializes every entry it read. Writing az's entries from the response
// keeps the file exactly as az would have left it, so az and aztoken share it both ways.
import { LockWaitAbandoned, withFileLock, type FileLockOptions } from "../../infra/fs/file-lock.js";
import { FileWriteError, writeFileAtomic } from "../../infra/fs/atomic-write.js";
import { AzError } from "../errors.js";
import { msalCachePath, unchangedSnapshot, type AccessTokenEntry, type CacheSnapshot, type MsalCacheDocument, type RefreshTokenEntry } from "./msal-cache.js";
import { readSnapshotForUpdate, serializeMsalCache } from "./msal-cache-store.js";
import { decodeBase64UrlJson, jwtClaims } from "../jwt.js";
import { isUsableExpiry, secondsValue } from "./token-expiry.js";

/** The token endpoint's JSON answer (only the fields az stores). */
export interface TokenResponse {
  access_token?: string;
  token_type?: string;
  expires_in?: number | string;
  ext_expires_in?: number | string;
  expires_on?: number | string;
  refresh_in?: number | string;
  refresh_token?: string;
  id_token?: string;
  client_info?: string;
  scope?: string;
  foci?: string;
  [field: string]: unknown;
}

/** One successful grant, with what MSAL Python's cache event carries. */
export interface TokenGrant {
  clientId: string;
  /** Authority host, e.g. login.microsoftonline.com. */
  environment: string;
  /** Tenant of the authority the token came from. */
  realm: string;
  /** Scopes asked for, used as the target only when the response names none. */
  requestedScopes: readonly string[];
  response: TokenResponse;
  /** int(time.time()) when the response arrived. */
  nowSeconds: number;
  /** The refresh token the grant used; a rotated token replaces its secret (MSAL's update_rt). */
  usedRefreshToken?: RefreshTokenEntry;
}

const RESERVED_SCOPES = new Set(["openid", "profile", "offline_access"]);

/** Lower-cased, `-`-joined keys, MSAL's key_makers. */
export const cacheKeys = {
  accessToken: (e: { home_account_id: string | null; environment: string; client_id: string; realm: string; target: string }) =>
    [e.home_account_id ?? "", e.environment, "AccessToken", e.client_id, e.realm, e.target].join("-").toLowerCase(),
  refreshToken: (e: { home_account_id: string | null; environment: string; client_id: string; target?: string }) =>
    [e.home_account_id ?? "", e.environment, "RefreshToken", e.client_id, "", e.target ?? ""].join("-").toLowerCase(),
  idToken: (e: { home_account_id: string | null; environment: string; client_id: string; realm: string }) =>
    [e.home_account_id ?? "", e.environment, "IdToken", e.client_id, e.realm, ""].join("-").toLowerCase(),
  appMetadata: (e: { environment: string; client_id: string }) => `appmetadata-${e.environment}-${e.client_id}`,
};

/** MSAL's home_account_id: `<uid>.<utid>` from client_info, else the ID token's `sub`, else null (app tokens). */
export function homeAccountIdOf(response: TokenResponse): string | null {
  const clientInfo = decodeBase64UrlJson(response.client_info);
  if (typeof clientInfo?.uid === "string" && typeof clientInfo.utid === "string") return `${clientInfo.uid}.${clientInfo.utid}`;
  const idClaims = jwtClaims(response.id_token);
  return typeof idClaims?.sub === "string" ? idClaims.sub : null;
}

/** The cache target: the server's scopes in its order (the requested ones when it names none), minus OIDC scopes. */
export function targetOf(response: TokenResponse, requestedScopes: readonly string[]): string {
  const scopes = typeof response.scope === "string" ? response.scope.split(/\s+/) : [...requestedScopes];
  return scopes.filter((scope) => scope && !RESERVED_SCOPES.has(scope)).join(" ");
}

/** expires_in as MSAL reads it: the field (a string from v1-like endpoints), else expires_on - now, else 600. */
export function expiresInSeconds(response: TokenResponse, nowSeconds: number): number {
  if (response.expires_in !== undefined) return toInt(response.expires_in);
  return response.expires_on !== undefined ? toInt(response.expires_on) - nowSeconds : 600;
}

/**
 * Why a token endpoint's success answer cannot be used (printed or cached), or undefined when it can: the token
 * must be a string, every time field a number of seconds, and the expiry a date az could print.
 */
export function tokenResponseProblem(response: TokenResponse, nowSeconds: number): string | undefined {
  if (typeof response.access_token !== "string" || response.access_token === "") return `access_token is ${describeValue(response.access_token)}, not a token`;
  for (const field of ["expires_in", "ext_expires_in", "expires_on", "refresh_in"] as const) {
    const value = response[field];
    if (value !== undefined && secondsValue(value) === undefined) return `${field} is ${describeValue(value)}, not a number of seconds`;
  }
  const expiresIn = expiresInSeconds(response, nowSeconds);
  if (expiresIn < 0 || !isUsableExpiry(nowSeconds + expiresIn)) {
    const field = response.expires_in !== undefined ? "expires_in" : "expires_on";
    return `${field} is ${describeValue(response[field])}, out of range`;
  }
  return undefined;
}

/** A short, printable description of a server's value (never the whole of a long one). */
function describeValue(value: unknown): string {
  if (value === undefined) return "missing";
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Adds a grant's entries to the document in place, in the order MSAL Python adds them. */
export function addTokenResponse(document: MsalCacheDocument, grant: TokenGrant): void {
  const { response, nowSeconds: now, clientId, environment, realm } = grant;
  const homeAccountId = homeAccountIdOf(response);

  if (response.access_token) {
    const expiresIn = expiresInSeconds(response, now);
    const extExpiresIn = response.ext_expires_in !== undefined ? toInt(response.ext_expires_in) : expiresIn;
    const entry: AccessTokenEntry = {
      credential_type: "AccessToken",
      secret: response.access_token,
      home_account_id: homeAccountId,
      environment,
      client_id: clientId,
      target: targetOf(response, grant.requestedScopes),
      realm,
      token_type: response.token_type ?? "Bearer",
      cached_at: String(now),
      expires_on: String(now + expiresIn),
      extended_expires_on: String(now + extExpiresIn),
    };
    if (response.refresh_in !== undefined) entry.refresh_on = String(now + toInt(response.refresh_in));
    section(document, "AccessToken")[cacheKeys.accessToken(entry)] = entry;
  }

  // No Account entry: a silent refresh skips account creation (MSAL's skip_account_creation), so a
  // concurrent `az logout` is not undone; client credentials have no account at all.
  if (response.id_token) {
    const entry = { credential_type: "IdToken", secret: response.id_token, home_account_id: homeAccountId, environment, realm, client_id: clientId };
    section(document, "IdToken")[cacheKeys.idToken(entry)] = entry;
  }

  const appMetadata: Record<string, unknown> = { client_id: clientId, environment };
  if (response.foci !== undefined) appMetadata.family_id = response.foci;
  section(document, "AppMetadata")[cacheKeys.appMetadata({ client_id: clientId, environment })] = appMetadata;

  if (grant.usedRefreshToken && response.refresh_token) {
    // update_rt(): the entry we used, every other field kept, with the rotated secret.
    const rotated = { ...grant.usedRefreshToken, secret: response.refresh_token, last_modification_time: String(now) };
    section(document, "RefreshToken")[cacheKeys.refreshToken(rotated)] = rotated;
  }
}

/** A section of the document, created at the end (Python's setdefault) when missing. */
function section(document: MsalCacheDocument, name: string): Record<string, unknown> {
  const existing = document[name];
  if (existing && typeof existing === "object") return existing as Record<string, unknown>;
  const created: Record<string, unknown> = {};
  document[name] = created;
  return created;
}

function toInt(value: number | string): number {
  return Math.trunc(Number(value));
}

export interface LockedTokenRequest<T> {
  /** The cache as read before taking the lock, if it was: used again when the file has not changed since. */
  before?: CacheSnapshot;
  /** A usable token already in the freshly read cache: another process got it while we waited for the lock. */
  findFresh(document: MsalCacheDocument): T | undefined;
  /** Asks the token endpoint (the cache file is not touched); `grant` is written back, `result` returned. */
  acquire(document: MsalCacheDocument): Promise<{ grant: TokenGrant; result: T }>;
}

// Held across the token request (so N processes with the same expired token make one request): waiters wait
// longer than file-lock's default for a live holder, but staleness is file-lock's 10 s (it used to be 40 s): the
// holder's heartbeat keeps its lock fresh however long the request takes, so only an abandoned lock ages.
const TOKEN_REQUEST_LOCK: FileLockOptions = { timeoutMs: 45_000, watchFolder: true };

/**
 * The refresh protocol of docs/compatibility.md#concurrent-writes: lock, re-read, use a token another process just
 * stored, else request one and merge it into the file as it is *now* (az stops waiting for a lock after 5 s, so a slow
 * request may overlap an az write), written temp+rename. An unreadable file aborts before any request and is left as it
 * is. A process waiting for the lock takes the token from the file as soon as the holder has written it.
 */
export async function acquireUnderCacheLock<T>(configDir: string, steps: LockedTokenRequest<T>, lockOptions: FileLockOptions = TOKEN_REQUEST_LOCK): Promise<T> {
  const path = msalCachePath(configDir);
  // The cache as last read. While another process holds the lock (most likely requesting this very token), each
  // wait first looks at the file without the lock: once the holder has written the token, waiters take it from
  // there instead of queueing for the lock one by one. Writers replace the file whole (or, az, rewrite it in a
  // few ms), so a read that fails is no verdict: that waiter simply keeps waiting for the lock.
  let seen = steps.before;
  let foundWhileWaiting: T | undefined;
  const stopWaiting = () => {
    if (unchangedSnapshot(path, seen)) return false;
    try {
      seen = readSnapshotForUpdate(path);
    } catch {
      return false;
    }
    foundWhileWaiting = steps.findFresh(seen.document);
    return foundWhileWaiting !== undefined;
  };
  try {
    return await withFileLock(
      path,
      async () => {
        // Each read is skipped when the file is still the one read last: a 10,000-token cache costs ~100 ms to parse.
        const current = unchangedSnapshot(path, seen) ?? readSnapshotForUpdate(path);
        const fresh = steps.findFresh(current.document);
        if (fresh !== undefined) return fresh;
        const { grant, result } = await steps.acquire(current.document);
        const latest = (unchangedSnapshot(path, current) ?? readSnapshotForUpdate(path)).document;
        addTokenResponse(latest, grant);
        await writeFileAtomic(path, serializeMsalCache(latest)).catch((error: unknown) => {
          throw error instanceof FileWriteError ? new AzError(`${error.message}; the new token was not saved.`) : error;
        });
        return result;
      },
      { ...lockOptions, stopWaiting },
    );
  } catch (error) {
    if (error instanceof LockWaitAbandoned && foundWhileWaiting !== undefined) return foundWhileWaiting;
    throw error;
  }
}
