// A user's token refresh (docs/compatibility.md#user-tokens): the account's refresh token exchanged in one
// refresh-token grant (CP1 claims, X-AnchorMailbox; token-client.ts), under az's cache lock so that parallel processes
// with the same expired token make one request between them. Loaded only on a cache miss.
import { AzError } from "../errors.js";
import { environmentAliases, type AccountEntry, type CacheSnapshot, type MsalCacheDocument, type RefreshTokenEntry } from "../cache/msal-cache.js";
import { acquireUnderCacheLock } from "../cache/msal-cache-writer.js";
import { requestTokenGrant } from "./token-client.js";
import { freshCachedToken, grantResult } from "./token-grant.js";
import { tokenEndpoint } from "../clouds.js";
import { AZURE_CLI_CLIENT_ID, withConnectionAhead, type AccessToken, type CredentialContext } from "./types.js";

export interface UserRefreshRequest {
  context: CredentialContext;
  msalAccount: AccountEntry;
  /** e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** `--tenant`, else the account's tenant: the authority's tenant and the new token's realm. */
  tenant: string;
  scopes: string[];
  /** The cache as the lookup read it; not read again under the lock when the file is unchanged. */
  cacheBefore?: CacheSnapshot;
}

export async function refreshUserToken(request: UserRefreshRequest): Promise<AccessToken> {
  const { context, msalAccount, authorityHost, tenant, scopes, cacheBefore } = request;
  const environment = new URL(authorityHost).hostname;
  const homeAccountId = msalAccount.home_account_id;
  const query = { clientId: AZURE_CLI_CLIENT_ID, environment, realm: tenant, homeAccountId };

  return acquireUnderCacheLock(context.configDir, {
    ...(cacheBefore ? { before: cacheBefore } : {}),
    findFresh: (document) => freshCachedToken(document, query, scopes, context.deps.clock.now()),
    async acquire(document) {
      const refreshToken = findRefreshToken(document, homeAccountId, environment);
      if (!refreshToken) {
        // MSAL finds no refresh token and az's check_result(None) says so.
        throw new AzError("Can't find token from MSAL cache.", { recommendation: "To re-authenticate, please run:\naz login" });
      }
      context.logger.debug(`Refreshing the token for ${scopes.join(" ")} from ${authorityHost}/${tenant}`);
      const response = await withConnectionAhead(context, tokenEndpoint(authorityHost, tenant), () =>
        requestTokenGrant({
          context,
          authorityHost,
          tenant,
          clientId: AZURE_CLI_CLIENT_ID,
          scopes,
          grant: { kind: "refresh_token", refreshToken: refreshToken.secret, homeAccountId },
          hint: { tenant, scopes },
        }),
      );
      return grantResult(
        { clientId: AZURE_CLI_CLIENT_ID, environment, realm: tenant, requestedScopes: scopes, response, usedRefreshToken: refreshToken },
        context.deps.clock.now(),
      );
    },
  });
}

/**
 * MSAL's choice of refresh token: the account's (same home_account_id, environment or an alias) family token
 * (family_id "1", which Azure CLI belongs to) or Azure CLI's own, newest first. RTs are tenant-independent.
 */
export function findRefreshToken(document: MsalCacheDocument, homeAccountId: string, environment: string): RefreshTokenEntry | undefined {
  const aliases = environmentAliases(environment);
  const candidates = Object.values(document.RefreshToken ?? {}).filter(
    (entry) =>
      typeof entry === "object" &&
      entry !== null &&
      typeof entry.secret === "string" &&
      entry.home_account_id === homeAccountId &&
      aliases.includes(entry.environment) &&
      (entry.family_id === "1" || entry.client_id === AZURE_CLI_CLIENT_ID),
  );
  const rank = (entry: RefreshTokenEntry) => [entry.family_id === "1" ? 1 : 0, aliases.indexOf(entry.environment) === 0 ? 1 : 0, Number(entry.last_modification_time ?? 0)];
  return candidates.sort((a, b) => compareDescending(rank(a), rank(b)))[0];
}

function compareDescending(a: number[], b: number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return b[i]! - a[i]!;
  return 0;
}
