// A service principal signed in with `az login --service-principal`: its secret, certificate or federated
// token comes from service_principal_entries.json (or, for an entry with an assertion provider, from the
// provider whenever the stored one is about to expire); its tokens are cached without an account
// (home_account_id null).
import { AzError } from "../errors.js";
import { authorityHost } from "../clouds.js";
import { findAccessToken, readMsalCacheSnapshot } from "../cache/msal-cache.js";
import { readServicePrincipalEntries, type ServicePrincipalEntry } from "../profile/service-principal-file.js";
import { cachedOrAcquired, type AccessToken, type Credential, type CredentialContext, type TokenRequest } from "./types.js";
import type { Logger } from "../logger.js";

export class ServicePrincipalCredential implements Credential {
  constructor(private readonly context: CredentialContext) {}

  async getToken(request: TokenRequest): Promise<AccessToken> {
    const { context } = this;
    const clientId = context.account.user.name;
    const tenant = request.tenant ?? context.account.tenantId;
    const entry = selectServicePrincipalEntry(readServicePrincipalEntries(context.configDir), clientId, tenant, context.logger);
    const host = authorityHost(context.cloud, context.configDir);
    const environment = new URL(host).hostname;

    const nowMs = context.deps.clock.now();
    const snapshot = readMsalCacheSnapshot(context.configDir, context.deps.platform);
    const cached = findAccessToken(snapshot.document, { clientId, environment, realm: tenant, homeAccountId: null }, request.scopes, nowMs / 1000);
    return cachedOrAcquired(cached, nowMs, context.logger, async () => {
      const { acquireServicePrincipalToken, profileAssertionStore } = await import("./service-principal-network.js");
      const assertionStore = profileAssertionStore(context.configDir, entry);
      return acquireServicePrincipalToken({ context, entry, authorityHost: host, tenant, scopes: request.scopes, assertionStore, cacheBefore: snapshot });
    });
  }
}

/** az's ServicePrincipalStore.load_entry: the entry for (client id, tenant), else the first for the client id. */
export function selectServicePrincipalEntry(entries: readonly ServicePrincipalEntry[], clientId: string, tenant: string, logger: Logger): ServicePrincipalEntry {
  const forClient = entries.filter((entry) => entry.client_id === clientId);
  if (forClient.length === 0) {
    throw new AzError(`Could not retrieve credential from local cache for service principal ${clientId}. Run \`az login\` for this service principal.`);
  }
  const forTenant = forClient.find((entry) => entry.tenant === tenant);
  if (forTenant) return forTenant;
  const fallback = forClient[0]!;
  logger.warning(
    `Could not retrieve credential from local cache for service principal ${clientId} under tenant ${tenant}. ` +
      `Trying credential under tenant ${fallback.tenant}, assuming that is an app credential.`,
  );
  return fallback;
}
