// Temporary AZURE_CONFIG_DIRs written by the tests' fixture generator (test/support/mkfixture.ts): the `user` profile, whose cached tokens
// are valid until 2100, and a variant whose access tokens have expired (the refresh token still works).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeFixture, type FixtureKind } from "../test/support/mkfixture.js";

export interface Profile {
  home: string;
  configDir: string;
  cacheFile: string;
}

export interface ExpiredProfile extends Profile {
  /** A copy of the expired cache: copy it over `cacheFile` before each run, since a refresh rewrites the cache. */
  expiredCacheCopy: string;
}

/** 2023-11-14: long past, so every cached access token needs a refresh. */
const EXPIRED_AT = "1700000000";

export function createProfile(home: string, fixture: FixtureKind = "user"): Profile {
  const configDir = join(home, ".azure");
  writeFixture(configDir, fixture);
  return { home, configDir, cacheFile: join(configDir, "msal_token_cache.json") };
}

export function createExpiredProfile(home: string): ExpiredProfile {
  const profile = createProfile(home);
  const cache = JSON.parse(readFileSync(profile.cacheFile, "utf8")) as { AccessToken?: Record<string, Record<string, string>> };
  for (const entry of Object.values(cache.AccessToken ?? {})) {
    entry.expires_on = EXPIRED_AT;
    entry.extended_expires_on = EXPIRED_AT;
  }
  const text = JSON.stringify(cache, null, 4);
  const expiredCacheCopy = join(home, "expired-msal_token_cache.json");
  writeFileSync(expiredCacheCopy, text, { mode: 0o600 });
  writeFileSync(profile.cacheFile, text, { mode: 0o600 });
  return { ...profile, expiredCacheCopy };
}
