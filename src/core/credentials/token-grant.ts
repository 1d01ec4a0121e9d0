// What every token grant shares, MSAL or not (the authority's URLs are in clouds.ts): whether to ask for CP1, a
// fresh token another process just stored, and the grant to write back with the token to return. No MSAL here:
// the refresh path loads this without @azure/msal-node.
import { expiresInSeconds, tokenResponseProblem, type TokenGrant } from "../cache/msal-cache-writer.js";
import { AzError } from "../errors.js";
import { findAccessToken, type AccessTokenQuery, type MsalCacheDocument } from "../cache/msal-cache.js";
import { reportedExpiry, type AccessToken } from "./types.js";

/** az (azure-identity's convention) asks for CP1 unless AZURE_IDENTITY_DISABLE_CP1 is set to anything. */
export function wantsCp1(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.AZURE_IDENTITY_DISABLE_CP1 === undefined;
}

/** A cached token that needs no refresh (>= 300 s left, refresh_on not passed): another process just got it. */
export function freshCachedToken(document: MsalCacheDocument, query: AccessTokenQuery, scopes: readonly string[], nowMs: number): AccessToken | undefined {
  const cached = findAccessToken(document, query, scopes, nowMs / 1000);
  return cached && !cached.aging ? { token: cached.secret, expiresOn: reportedExpiry(nowMs, cached.expiresIn) } : undefined;
}

/**
 * The grant to write back and the token to return, both timed at the response's arrival. An answer that cannot
 * be used (not a string token, an expiry that is no date) is refused here, before anything is printed or saved.
 */
export function grantResult(grant: Omit<TokenGrant, "nowSeconds">, nowMs: number): { grant: TokenGrant; result: AccessToken } {
  const nowSeconds = Math.floor(nowMs / 1000);
  const problem = tokenResponseProblem(grant.response, nowSeconds);
  if (problem) throw new AzError(`The token endpoint ${grant.environment} sent an unusable answer (${problem}); nothing was saved.`);
  return {
    grant: { ...grant, nowSeconds },
    result: { token: grant.response.access_token!, expiresOn: reportedExpiry(nowMs, expiresInSeconds(grant.response, nowSeconds)) },
  };
}
