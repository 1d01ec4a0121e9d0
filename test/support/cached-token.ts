// Adds an access token for another scope to a fixture's MSAL cache: a copy of the user's first cached token
// (same account, client and tenant) with the new target, so `exec-credential --server-id X` finds a cache hit.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** AKS's Entra server application, the audience of every AKS cluster with Entra ID sign-in. */
export const AKS_SERVER_ID = "6dae42f8-4368-4678-94ff-3960e28e3630";

type CacheEntry = Record<string, string>;

/** `expiresOn` in POSIX seconds; default: the fixture's own (2100). Returns the cached secret. */
export function addCachedAccessToken(configDir: string, target: string, expiresOn?: number): string {
  const file = join(configDir, "msal_token_cache.json");
  const cache = JSON.parse(readFileSync(file, "utf8")) as { AccessToken: Record<string, CacheEntry> };
  const template = Object.values(cache.AccessToken)[0];
  if (!template) throw new Error(`${file} holds no access token to copy`);
  const secret = `${template.secret}-${target}`;
  const entry: CacheEntry = { ...template, target, secret };
  if (expiresOn !== undefined) Object.assign(entry, { expires_on: String(expiresOn), extended_expires_on: String(expiresOn) });
  const key = [entry.home_account_id ?? "", entry.environment, "accesstoken", entry.client_id, entry.realm, target].join("-").toLowerCase();
  cache.AccessToken[key] = entry;
  writeFileSync(file, JSON.stringify(cache, null, 4), { mode: 0o600 });
  return secret;
}
