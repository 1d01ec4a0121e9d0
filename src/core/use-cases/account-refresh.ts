// `account list --refresh`: az's Profile.refresh_accounts. Every identity of the active cloud looks up its
// subscriptions again (users through all their tenants, the others in their tenant), and the result replaces
// the stored accounts; an identity whose refresh fails keeps its accounts, with a warning.
import { createCredential } from "../credentials/index.js";
import { armScope, createSubscriptionFinder, type LoginContext } from "../login/login-context.js";
import { persistAccounts } from "../login/persist-accounts.js";
import { TENANT_LEVEL_ACCOUNT_NAME, tenantLevelSubscriptions, toProfileAccounts, type AccountOwner } from "../login/profile-accounts.js";
import type { FoundSubscription } from "../login/subscription-finder.js";
import type { ProfileAccount } from "../profile/profile-file.js";
import { ProfileSession } from "../profile/session.js";
import { listAccounts, type ListedAccount } from "./account-read.js";

export async function refreshAccounts(context: LoginContext): Promise<void> {
  const { session, logger } = context;
  const stored = session.accounts();
  const refreshed: ProfileAccount[] = [];
  const done = new Set<string>();
  for (const account of stored) {
    const userName = account.user.name;
    if (done.has(userName)) continue;
    done.add(userName);
    let found: FoundSubscription[];
    try {
      found = await discover(context, account);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      logger.warning(
        `Refreshing for '${userName}' failed with an error '${reason}'. The existing accounts were not modified. You can run 'az login' later to explicitly refresh them`,
      );
      refreshed.push(...structuredClone(stored.filter((other) => other.user.name === userName)));
      continue;
    }
    if (found.length === 0 && account.name === TENANT_LEVEL_ACCOUNT_NAME) found = tenantLevelSubscriptions([account.tenantId]);
    refreshed.push(...toProfileAccounts(found, ownerOf(account), session.cloud.name));
  }
  await persistAccounts(session.configDir, session.cloud.name, refreshed, { merge: false });
}

/** `account list --refresh --all?`: refresh, then list what is now stored. */
export async function listRefreshedAccounts(context: LoginContext, options: { all?: boolean }): Promise<ListedAccount[]> {
  await refreshAccounts(context);
  const { session, deps } = context;
  const reread = new ProfileSession(session.configDir, session.config, (text) => deps.io.stderr.write(text));
  return listAccounts(reread, context.logger, options);
}

/** The account's own credential (the one `get-access-token` would use) lists what it can see. */
async function discover(context: LoginContext, account: ProfileAccount): Promise<FoundSubscription[]> {
  const { session, deps, logger } = context;
  const credential = createCredential({ deps, logger, configDir: session.configDir, cloud: session.cloud, account });
  const scope = armScope(context);
  // az builds the credential on the account's tenant, so even the tenant list is asked with a token of that tenant
  const tokenFor = async (tenant: string | undefined) => (await credential.getToken({ scopes: [scope], tenant: tenant ?? account.tenantId })).token;
  const finder = createSubscriptionFinder(context);
  const isUser = account.user.type !== "servicePrincipal" && !account.user.cloudShellID;
  return isUser ? finder.findUsingCommonTenant(tokenFor) : finder.findUsingSpecificTenant(account.tenantId, await tokenFor(account.tenantId));
}

/**
 * az rebuilds the user from name and type only, which loses a managed identity's assignedIdentityInfo (its next
 * token would then be asked for the wrong identity); we keep the identity's markers.
 */
function ownerOf(account: ProfileAccount): AccountOwner {
  const { user } = account;
  return {
    name: user.name,
    type: user.type === "servicePrincipal" ? "servicePrincipal" : "user",
    ...(user.useCertSNIssuerAuth ? { certSnIssuer: true } : {}),
    ...(typeof user.assignedIdentityInfo === "string" ? { assignedIdentityInfo: user.assignedIdentityInfo } : {}),
    ...(user.cloudShellID ? { cloudShell: true } : {}),
  };
}
