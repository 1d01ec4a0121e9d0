// A user signed in with `az login`: tokens of Azure CLI's public client in the MSAL cache, refreshed with
// the account's refresh token when no cached token has five minutes left.
import { AzError } from "../errors.js";
import { authorityHost } from "../clouds.js";
import { findAccessToken, findAccounts, readMsalCacheSnapshot, type AccountEntry } from "../cache/msal-cache.js";
import { AZURE_CLI_CLIENT_ID, cachedOrAcquired, type AccessToken, type Credential, type CredentialContext, type TokenRequest } from "./types.js";

export class UserCredential implements Credential {
  constructor(private readonly context: CredentialContext) {}

  async getToken(request: TokenRequest): Promise<AccessToken> {
    const { context } = this;
    const host = authorityHost(context.cloud, context.configDir);
    const environment = new URL(host).hostname;
    const tenant = request.tenant ?? context.account.tenantId;
    const snapshot = readMsalCacheSnapshot(context.configDir, context.deps.platform);
    const cache = snapshot.document;
    const msalAccount = await findUserAccount(findAccounts(cache, environment, context.account.user.name), context.account.user.name);

    const nowMs = context.deps.clock.now();
    const cached = findAccessToken(
      cache,
      { clientId: AZURE_CLI_CLIENT_ID, environment, realm: tenant, homeAccountId: msalAccount.home_account_id },
      request.scopes,
      nowMs / 1000,
    );
    return cachedOrAcquired(cached, nowMs, context.logger, async () => {
      const { refreshUserToken } = await import("./user-refresh.js");
      return refreshUserToken({ context, msalAccount, authorityHost: host, tenant, scopes: request.scopes, cacheBefore: snapshot });
    });
  }
}

async function findUserAccount(accounts: AccountEntry[], username: string): Promise<AccountEntry> {
  if (accounts.length === 0) throw new AzError(`User '${username}' does not exist in MSAL token cache. Run \`az login\`.`);
  if (accounts.length > 1) {
    // the output layer's repr, loaded only for this rare error so the cache-hit path stays lean
    const { pyRepr } = await import("../python/repr.js");
    throw new AzError(
      `Found multiple accounts with the same username '${username}': ${pyRepr(accounts.map(msalAccountView))}\n` +
        "Please report to us via Github: https://github.com/Azure/azure-cli/issues/20168",
    );
  }
  return accounts[0]!;
}

/** The fields MSAL for Python's get_accounts() returns, in its order (az prints them in the error above). */
function msalAccountView(entry: AccountEntry): Record<string, unknown> {
  return {
    home_account_id: entry.home_account_id,
    environment: entry.environment,
    username: entry.username,
    account_source: entry.account_source ?? null,
    authority_type: entry.authority_type,
    local_account_id: entry.local_account_id,
    realm: entry.realm,
  };
}
