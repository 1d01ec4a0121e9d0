// Turning found subscriptions into azureProfile.json entries and merging them into the stored ones, exactly as
// az's Profile._normalize_properties, _build_tenant_level_accounts and _set_subscriptions do.
import type { ProfileAccount, ProfileUser } from "../profile/profile-file.js";
import type { FoundSubscription } from "./subscription-finder.js";

export const TENANT_LEVEL_ACCOUNT_NAME = "N/A(tenant level account)";

/** Who the accounts belong to, as stored in each entry's `user`. */
export interface AccountOwner {
  name: string;
  type: "user" | "servicePrincipal";
  /** `--use-cert-sn-issuer` service principals. */
  certSnIssuer?: boolean;
  /** Managed identities: MSI, MSIClient-<id>, MSIObject-<id>, MSIResource-<id>. */
  assignedIdentityInfo?: string;
  /** Cloud Shell's own account. */
  cloudShell?: boolean;
}

/** Accounts for tenants without subscriptions (`--allow-no-subscriptions`): id and tenant are the tenant. */
export function tenantLevelSubscriptions(tenants: readonly string[]): FoundSubscription[] {
  return tenants.map((tenant) => ({
    subscription: { id: `/subscriptions/${tenant}`, subscriptionId: tenant, displayName: TENANT_LEVEL_ACCOUNT_NAME, state: "Enabled" },
    tokenTenant: tenant,
  }));
}

/** One profile entry per subscription, keys in az's order; tenant-level accounts get no home/managedBy tenants. */
export function toProfileAccounts(found: readonly FoundSubscription[], owner: AccountOwner, cloudName: string): ProfileAccount[] {
  return found.map(({ subscription, tokenTenant }) => {
    const user: ProfileUser = { name: owner.name, type: owner.type };
    if (owner.certSnIssuer) user.useCertSNIssuerAuth = true;
    if (owner.assignedIdentityInfo) user.assignedIdentityInfo = owner.assignedIdentityInfo;
    if (owner.cloudShell) user.cloudShellID = true;
    const account: ProfileAccount = {
      id: subscription.id.slice(subscription.id.lastIndexOf("/") + 1),
      name: subscription.displayName,
      state: subscription.state,
      user,
      isDefault: false,
      tenantId: tokenTenant,
      environmentName: cloudName,
    };
    if (subscription.displayName !== TENANT_LEVEL_ACCOUNT_NAME) {
      account.homeTenantId = subscription.tenantId ?? (null as unknown as string);
      account.managedByTenants =
        subscription.managedByTenants == null
          ? (null as unknown as [])
          : subscription.managedByTenants.map((tenant) => ({ tenantId: tenant.tenantId }));
    }
    return account;
  });
}

export interface MergeResult {
  accounts: ProfileAccount[];
  /** The new default's id, when there is one (it goes to clouds.config). */
  defaultId: string | undefined;
}

/**
 * az's _set_subscriptions. Entries are keyed by id: a new entry replaces a stored one in place (Python dict
 * order), others are appended. The default stays on the previous default's id if the new entries have it,
 * else moves to the first Enabled new entry, else to the first new entry. `merge: false` (account list
 * --refresh) drops the stored entries of the refreshed cloud instead of keeping them.
 */
export function mergeAccounts(stored: readonly ProfileAccount[], incoming: ProfileAccount[], options: { merge: boolean; cloudName: string }): MergeResult {
  const previousDefault = stored.find((account) => account.isDefault);
  // az loses other clouds' accounts on a refresh; we keep them (they were not refreshed, so they are still valid)
  const kept = options.merge ? stored : stored.filter((account) => account.environmentName !== options.cloudName);
  const byId = new Map<string, ProfileAccount>();
  for (const account of kept) byId.set(account.id, account);
  for (const account of incoming) byId.set(account.id, account);
  const accounts = [...byId.values()];
  if (incoming.length === 0) return { accounts, defaultId: undefined };

  let chosen: ProfileAccount | undefined;
  if (previousDefault) {
    chosen = incoming.find((account) => account.id === previousDefault.id);
    for (const account of accounts) account.isDefault = false;
  }
  chosen ??= incoming.find((account) => account.state === "Enabled") ?? incoming[0]!;
  chosen.isDefault = true;
  return { accounts, defaultId: chosen.id };
}
