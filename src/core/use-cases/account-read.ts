// `account show` and `account list`: the stored accounts as az prints them.
import type { Logger } from "../logger.js";
import { selectAccount } from "../profile/accounts.js";
import type { ProfileAccount } from "../profile/profile-file.js";
import type { ProfileSession } from "../profile/session.js";

export function showAccount(session: ProfileSession, subscription?: string): ProfileAccount {
  return selectAccount(session.accounts(), subscription);
}

export type ListedAccount = Omit<ProfileAccount, "environmentName"> & { cloudName: string | null };

/** `environmentName` becomes `cloudName`; without --all only Enabled accounts of the active cloud are listed. */
export function listAccounts(session: ProfileSession, logger: Logger, options: { all?: boolean } = {}): ListedAccount[] {
  const accounts = session.accounts(options.all === true);
  if (accounts.length === 0) logger.warning('Please run "az login" to access your accounts.');
  let listed = accounts.map(renameCloudField);
  if (!options.all) {
    const enabled = listed.filter((account) => account.state === "Enabled");
    if (enabled.length !== listed.length) {
      logger.warning("A few accounts are skipped as they don't have 'Enabled' state. Use '--all' to display them.");
      listed = enabled;
    }
  }
  return listed;
}

export function renameCloudField(account: ProfileAccount): ListedAccount {
  const { environmentName, ...rest } = account;
  return { ...rest, cloudName: environmentName ?? null };
}

/** az's transform_account_list, used for `-o table` without --query. */
export function accountListTable(result: unknown): unknown {
  return (result as ListedAccount[]).map((account) => ({
    Name: account.name,
    CloudName: account.cloudName,
    SubscriptionId: account.id,
    TenantId: account.tenantId,
    State: account.state ?? null,
    IsDefault: account.isDefault,
  }));
}
