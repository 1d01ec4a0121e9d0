// Temporary AZURE_CONFIG_DIRs written by the tests' fixture generator (test/support/mkfixture.ts): the `user` profile,
// whose cached tokens are valid until 2100, a variant whose access tokens have expired (the refresh token still
// works), and grown variants with many cached tokens or subscriptions for the cost-as-work-grows rows.
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

type CacheDocument = { AccessToken?: Record<string, Record<string, string>>; [section: string]: unknown };

/** 2023-11-14: long past, so every cached access token needs a refresh. */
const EXPIRED_AT = "1700000000";

export function createProfile(home: string, fixture: FixtureKind = "user"): Profile {
  const configDir = join(home, ".azure");
  writeFixture(configDir, fixture);
  return { home, configDir, cacheFile: join(configDir, "msal_token_cache.json") };
}

export function createExpiredProfile(home: string): ExpiredProfile {
  const profile = createProfile(home);
  const cache = readJson<CacheDocument>(profile.cacheFile);
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

/**
 * The `user` profile with `total` cached access tokens: other tenants' tokens of the same size (a 1 KB JWT each)
 * go *before* the fixture's, so a lookup that scans in file order meets all of them first.
 */
export function createProfileWithTokens(home: string, total: number): Profile {
  const profile = createProfile(home);
  const cache = readJson<CacheDocument>(profile.cacheFile);
  const own = cache.AccessToken ?? {};
  const [templateKey, template] = Object.entries(own)[0]!;
  const grown: Record<string, Record<string, string>> = {};
  for (let index = 0; index < total - Object.keys(own).length; index++) {
    const realm = `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`;
    grown[templateKey.replace(template.realm!, realm)] = { ...template, realm };
  }
  cache.AccessToken = { ...grown, ...own };
  writeFileSync(profile.cacheFile, JSON.stringify(cache, null, 4), { mode: 0o600 });
  return profile;
}

/** The `user` profile with `total` subscriptions, the default one last (fewer than the fixture's: the default one alone). */
export function createProfileWithSubscriptions(home: string, total: number): Profile {
  const profile = createProfile(home);
  const path = join(profile.configDir, "azureProfile.json");
  const document = readJson<{ subscriptions: Record<string, unknown>[] }>(path);
  const own = [...document.subscriptions.filter((entry) => entry.isDefault !== true), ...document.subscriptions.filter((entry) => entry.isDefault === true)];
  const template = own[own.length - 1]!;
  const extra = Array.from({ length: Math.max(0, total - own.length) }, (_, index) => ({
    ...template,
    id: `00000000-0000-4000-9000-${String(index).padStart(12, "0")}`,
    name: `Subscription ${index}`,
    isDefault: false,
  }));
  document.subscriptions = [...extra, ...own].slice(-total);
  // az writes the profile with a BOM (utf-8-sig); so does the fixture generator.
  writeFileSync(path, `\uFEFF${JSON.stringify(document)}`, { mode: 0o600 });
  return profile;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8").replace(/^\uFEFF/, "")) as T;
}
