// Read side of az's MSAL token cache (`msal_token_cache.json`, MSAL's unified schema). No MSAL import here:
// a cache hit parses the file and picks an entry the way MSAL for Python 1.21 does.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { CorruptFileError } from "../errors.js";
import { MSAL_CACHE_FILE } from "../paths.js";
import { parseJsonStrict, readTextStrict, type UnreadableTextError } from "../../infra/fs/strict-text.js";
import { isUsableExpiry, secondsValue } from "./token-expiry.js";

export interface AccessTokenEntry {
  credential_type: "AccessToken";
  secret: string;
  home_account_id: string | null;
  environment: string;
  client_id: string;
  target: string;
  realm: string;
  token_type?: string;
  cached_at?: string;
  expires_on: string;
  extended_expires_on?: string;
  refresh_on?: string;
  [key: string]: unknown;
}

export interface RefreshTokenEntry {
  credential_type: "RefreshToken";
  secret: string;
  home_account_id: string;
  environment: string;
  client_id: string;
  target?: string;
  family_id?: string;
  last_modification_time?: string;
  [key: string]: unknown;
}

export interface AccountEntry {
  home_account_id: string;
  environment: string;
  realm: string;
  local_account_id: string;
  username: string;
  authority_type: string;
  [key: string]: unknown;
}

export interface MsalCacheDocument {
  AccessToken?: Record<string, AccessTokenEntry>;
  RefreshToken?: Record<string, RefreshTokenEntry>;
  IdToken?: Record<string, Record<string, unknown>>;
  Account?: Record<string, AccountEntry>;
  AppMetadata?: Record<string, Record<string, unknown>>;
  [section: string]: unknown;
}

export function msalCachePath(configDir: string): string {
  return join(configDir, MSAL_CACHE_FILE);
}

/** The fix we suggest for any unreadable cache file; both CLIs' `account clear` delete the token files. */
export function corruptCacheError(path: string, detail: string): CorruptFileError {
  return new CorruptFileError(
    path,
    `The token cache ${path} cannot be read (${detail}). It was left unchanged; run 'aztoken account clear' (or 'az account clear') and sign in again.`,
  );
}

/** Parses cache text; empty or whitespace-only text is an empty cache (MSAL treats it so). */
export function parseMsalCache(text: string, path: string): MsalCacheDocument {
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = parseJsonStrict(body);
  } catch (error) {
    throw corruptCacheError(path, (error as UnreadableTextError).detail);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw corruptCacheError(path, "not a JSON object");
  }
  for (const section of ["AccessToken", "RefreshToken", "IdToken", "Account", "AppMetadata"]) {
    const value = (parsed as Record<string, unknown>)[section];
    if (value !== undefined && (typeof value !== "object" || value === null || Array.isArray(value))) {
      throw corruptCacheError(path, `section '${section}' is not an object`);
    }
  }
  return parsed as MsalCacheDocument;
}

/** The parsed cache file at `path`, or undefined when there is none; unreadable or invalid is an error. */
export function readCacheFile(path: string): MsalCacheDocument | undefined {
  let text: string | undefined;
  try {
    text = readTextStrict(path);
  } catch (error) {
    throw corruptCacheError(path, (error as UnreadableTextError).detail);
  }
  return text === undefined ? undefined : parseMsalCache(text, path);
}

/** Reads the cache; a missing file is an empty cache. The encrypted form (msal_token_cache.bin) is refused clearly off Windows. */
export function readMsalCache(configDir: string, platform: NodeJS.Platform): MsalCacheDocument {
  const cache = readCacheFile(msalCachePath(configDir));
  if (cache) return cache;
  const encrypted = join(configDir, "msal_token_cache.bin");
  if (platform !== "win32" && existsSync(encrypted)) {
    throw new CorruptFileError(
      encrypted,
      `The token cache is encrypted (${encrypted}, written with core.encrypt_token_cache=true), which aztoken cannot read on this platform. Run 'az config set core.encrypt_token_cache=false' and 'az login' again.`,
    );
  }
  return {};
}

/** A read of the cache file with the file's version just before the read (see cacheFileVersion). */
export interface CacheSnapshot {
  document: MsalCacheDocument;
  version: string | undefined;
}

/**
 * The file's identity and version: inode, size, modification and change times in ns. A writer changes one of
 * them whether it renames a new file into place (az's MSAL extensions, aztoken) or rewrites it in place (az).
 * undefined when there is no file or it cannot be stat'ed: such a snapshot never counts as unchanged.
 */
export function cacheFileVersion(path: string): string | undefined {
  try {
    const stat = statSync(path, { bigint: true, throwIfNoEntry: false });
    return stat && `${stat.ino}:${stat.size}:${stat.mtimeNs}:${stat.ctimeNs}`;
  } catch {
    return undefined;
  }
}

/** `snapshot` when the file has not changed since it was taken, else undefined (read it again). */
export function unchangedSnapshot(path: string, snapshot: CacheSnapshot | undefined): CacheSnapshot | undefined {
  return snapshot?.version !== undefined && snapshot.version === cacheFileVersion(path) ? snapshot : undefined;
}

/** readMsalCache with the file's version taken first, so a later unchanged version means the same content. */
export function readMsalCacheSnapshot(configDir: string, platform: NodeJS.Platform): CacheSnapshot {
  const version = cacheFileVersion(msalCachePath(configDir));
  return { document: readMsalCache(configDir, platform), version };
}

export interface AccessTokenQuery {
  clientId: string;
  environment: string;
  realm: string;
  /** null for service principals (MSAL's client-credential tokens carry no account). */
  homeAccountId: string | null;
}

/** MSAL Python considers a token with less than 5 minutes left expired. */
export const EXPIRY_MARGIN_SECONDS = 300;

export interface CachedAccessToken {
  secret: string;
  /** Seconds left as MSAL reports them: int(expires_on - now). */
  expiresIn: number;
  /** True when the entry's refresh_on has passed: refresh, but fall back to this token if that fails. */
  aging: boolean;
}

/**
 * MSAL's silent lookup: entries matching client id, environment, realm and account whose target contains every
 * requested scope (a case-sensitive set comparison, as in MSAL for Python), in file order; the first with at
 * least five minutes left wins.
 */
export function findAccessToken(cache: MsalCacheDocument, query: AccessTokenQuery, scopes: readonly string[], nowSeconds: number): CachedAccessToken | undefined {
  for (const entry of Object.values(cache.AccessToken ?? {})) {
    if (typeof entry !== "object" || entry === null) continue;
    if (entry.client_id !== query.clientId || entry.environment !== query.environment || entry.realm !== query.realm) continue;
    if ((entry.home_account_id ?? null) !== query.homeAccountId && !(query.homeAccountId === null && entry.home_account_id === "")) continue;
    const target = new Set(String(entry.target ?? "").split(/\s+/).filter(Boolean));
    if (!scopes.every((scope) => target.has(scope))) continue;
    // An entry that cannot be printed (no string secret, an expiry that is not a date) counts as expired: refresh.
    const expiresOn = secondsValue(entry.expires_on);
    if (typeof entry.secret !== "string" || expiresOn === undefined || !isUsableExpiry(expiresOn)) continue;
    const expiresIn = Math.trunc(expiresOn) - nowSeconds;
    if (!(expiresIn >= EXPIRY_MARGIN_SECONDS)) continue;
    const refreshOn = secondsValue(entry.refresh_on);
    return { secret: entry.secret, expiresIn: Math.trunc(expiresIn), aging: refreshOn !== undefined && refreshOn < nowSeconds };
  }
  return undefined;
}

/** Authority hosts MSAL treats as one environment. */
const ENVIRONMENT_ALIASES: readonly (readonly string[])[] = [
  ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"],
  ["login.partner.microsoftonline.cn", "login.chinacloudapi.cn"],
  ["login.microsoftonline.de"],
  ["login.microsoftonline.us", "login.usgovcloudapi.net"],
  ["login-us.microsoftonline.com"],
];

export function environmentAliases(environment: string): string[] {
  const group = ENVIRONMENT_ALIASES.find((aliases) => aliases.includes(environment));
  return group ? [environment, ...group.filter((alias) => alias !== environment)] : [environment];
}

/**
 * MSAL's get_accounts(username): Account entries of the authority's environment (or, when there are none, of
 * its first alias that has some), grouped by home_account_id, filtered by username case-insensitively.
 */
export function findAccounts(cache: MsalCacheDocument, environment: string, username: string): AccountEntry[] {
  const entries = Object.values(cache.Account ?? {}).filter(
    (entry) => typeof entry === "object" && entry !== null && ["MSSTS", "ADFS"].includes(entry.authority_type),
  );
  let inEnvironment: AccountEntry[] = [];
  for (const alias of environmentAliases(environment)) {
    inEnvironment = entries.filter((entry) => entry.environment === alias);
    if (inEnvironment.length > 0) break;
  }
  const byHome = new Map<string, AccountEntry>();
  for (const entry of inEnvironment) byHome.set(entry.home_account_id, entry);
  const wanted = username.toLowerCase();
  return [...byHome.values()].filter((entry) => String(entry.username).toLowerCase() === wanted);
}
