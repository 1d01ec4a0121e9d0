// What an interactive sign-in (device code, browser, username/password) adds to msal_token_cache.json beyond a
// refresh: the Account entry and a new RefreshToken, as MSAL for Python's TokenCache.add() writes them. The
// token, ID token and app metadata entries come from the shared writer (cache/msal-cache-writer.ts), which
// deliberately skips these two on a refresh.
import { addTokenResponse, cacheKeys, homeAccountIdOf, targetOf, type TokenGrant } from "../cache/msal-cache-writer.js";
import { updateMsalCache } from "../cache/msal-cache-store.js";
import type { AccountEntry, MsalCacheDocument, RefreshTokenEntry } from "../cache/msal-cache.js";
import { AzError } from "../errors.js";
import { jwtClaims } from "../jwt.js";

/** The order in which MSAL Python's TokenCache.add() creates sections (AccessToken, Account, IdToken, RefreshToken, AppMetadata). */
const SECTION_ORDER = ["AccessToken", "Account", "IdToken", "RefreshToken", "AppMetadata"];

export interface SignedInUser {
  /** preferred_username (Entra) or upn (ADFS), as az's check_result reads it. */
  username: string;
  homeAccountId: string;
}

/** Writes a sign-in's entries under az's lock and says who signed in. */
export async function storeSignIn(configDir: string, grant: TokenGrant): Promise<SignedInUser> {
  const claims = jwtClaims(grant.response.id_token);
  const homeAccountId = homeAccountIdOf(grant.response);
  const username = stringClaim(claims, "preferred_username") ?? stringClaim(claims, "upn");
  if (!claims || !homeAccountId || !username) {
    throw new AzError("The sign-in answer carried no usable ID token or client info, so the account cannot be stored.");
  }
  await updateMsalCache(configDir, (document) => {
    const existing = new Set(Object.keys(document));
    addSignInEntries(document, grant, { homeAccountId, username, claims });
    orderNewSections(document, existing);
    return { changed: true, value: undefined };
  });
  return { username, homeAccountId };
}

function addSignInEntries(
  document: MsalCacheDocument,
  grant: TokenGrant,
  user: { homeAccountId: string; username: string; claims: Record<string, unknown> },
): void {
  addTokenResponse(document, grant);
  const { environment, realm, clientId, response, nowSeconds } = grant;
  const account: AccountEntry = {
    home_account_id: user.homeAccountId,
    environment,
    realm,
    local_account_id: stringClaim(user.claims, "oid") ?? stringClaim(user.claims, "sub") ?? "",
    username: user.username,
    // aztoken signs in with Entra ID only (ADFS authorities, Azure Stack, are not supported)
    authority_type: "MSSTS",
  };
  (document.Account ??= {})[[user.homeAccountId, environment, realm].join("-").toLowerCase()] = account;
  if (response.refresh_token) {
    const refreshToken: RefreshTokenEntry = {
      credential_type: "RefreshToken",
      secret: response.refresh_token,
      home_account_id: user.homeAccountId,
      environment,
      client_id: clientId,
      target: targetOf(response, grant.requestedScopes),
      last_modification_time: String(nowSeconds),
    };
    if (response.foci !== undefined) refreshToken.family_id = response.foci;
    (document.RefreshToken ??= {})[cacheKeys.refreshToken(refreshToken)] = refreshToken;
  }
}

/**
 * Sections this sign-in created go after the existing ones, in MSAL Python's creation order: after a service
 * principal login (AccessToken, AppMetadata) a user sign-in appends Account, IdToken, RefreshToken, as az does.
 */
function orderNewSections(document: MsalCacheDocument, existing: ReadonlySet<string>): void {
  const created = Object.entries(document)
    .filter(([name]) => !existing.has(name))
    .sort(([a], [b]) => rank(a) - rank(b));
  for (const [name] of created) delete document[name];
  for (const [name, value] of created) document[name] = value;
}

function rank(section: string): number {
  const index = SECTION_ORDER.indexOf(section);
  return index < 0 ? SECTION_ORDER.length : index;
}

function stringClaim(claims: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = claims?.[name];
  return typeof value === "string" && value ? value : undefined;
}
