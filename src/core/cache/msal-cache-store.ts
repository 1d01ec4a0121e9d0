// The write side shared by every change to msal_token_cache.json: take az's lock, re-read the file (another
// process may have changed it), apply the change, write temp+rename in MSAL's indent=4 layout. A file we
// cannot parse is reported, never replaced.
import { withFileLock } from "../../infra/fs/file-lock.js";
import { writeFileAtomic } from "../../infra/fs/atomic-write.js";
import { jsonDumps } from "../python/json.js";
import { cacheFileVersion, msalCachePath, readCacheFile, type CacheSnapshot, type MsalCacheDocument } from "./msal-cache.js";

/** Reads the cache file for a read-modify-write; missing means empty. Call only while holding the lock. */
export function readCacheForUpdate(path: string): MsalCacheDocument {
  return readCacheFile(path) ?? {};
}

/** readCacheForUpdate with the file's version taken first (see cacheFileVersion). */
export function readSnapshotForUpdate(path: string): CacheSnapshot {
  const version = cacheFileVersion(path);
  return { document: readCacheForUpdate(path), version };
}

export function serializeMsalCache(document: MsalCacheDocument): string {
  return jsonDumps(document, { indent: 4 });
}

/**
 * Applies `mutate` to the freshly read cache under the lock; it returns whether it changed anything, and the
 * file is only rewritten when it did.
 */
export async function updateMsalCache<T>(configDir: string, mutate: (document: MsalCacheDocument) => { changed: boolean; value: T }): Promise<T> {
  const path = msalCachePath(configDir);
  return withFileLock(path, async () => {
    const document = readCacheForUpdate(path);
    const { changed, value } = mutate(document);
    if (changed) await writeFileAtomic(path, serializeMsalCache(document));
    return value;
  });
}

/** MSAL's remove_account: the account's refresh, access and ID tokens and its Account entries go. */
export function removeMsalAccount(document: MsalCacheDocument, homeAccountId: string, environment: string): boolean {
  let changed = false;
  for (const section of ["RefreshToken", "AccessToken", "IdToken", "Account"] as const) {
    const entries = document[section] as Record<string, { home_account_id?: unknown; environment?: unknown }> | undefined;
    if (!entries) continue;
    for (const [key, entry] of Object.entries(entries)) {
      if (entry?.home_account_id === homeAccountId && entry?.environment === environment) {
        delete entries[key];
        changed = true;
      }
    }
  }
  return changed;
}
