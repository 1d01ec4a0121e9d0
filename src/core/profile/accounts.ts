// Choosing the account (a `subscriptions` entry) exactly as az's Profile.get_subscription does.
import { AzError } from "../errors.js";
import type { ProfileAccount, ProfileDocument } from "./profile-file.js";

export const AZ_LOGIN_MESSAGE = "Please run 'az login' to setup account.";

export function accountsOfCloud(document: ProfileDocument | undefined, cloudName: string, allClouds = false): ProfileAccount[] {
  const accounts = document?.subscriptions ?? [];
  return allClouds ? accounts : accounts.filter((account) => account.environmentName === cloudName);
}

/** The default account, or the one whose id or name equals `subscription` case-insensitively. */
export function selectAccount(accounts: readonly ProfileAccount[], subscription?: string): ProfileAccount {
  if (accounts.length === 0) throw new AzError(AZ_LOGIN_MESSAGE);
  const wanted = subscription?.toLowerCase();
  const matches = accounts.filter((account) =>
    wanted ? account.id.toLowerCase() === wanted || String(account.name).toLowerCase() === wanted : account.isDefault === true,
  );
  if (matches.length === 0 && subscription) {
    throw new AzError(`Subscription '${subscription}' not found. Check the spelling and casing and try again.`);
  }
  if (matches.length === 0) throw new AzError("No subscription found. Run 'az account set' to select a subscription.");
  if (matches.length > 1) {
    // az formats Python's None when no name was given
    throw new AzError(`Multiple subscriptions with the name '${subscription ?? "None"}' found. Specify the subscription ID.`);
  }
  return matches[0]!;
}

export type IdentityKind =
  | { kind: "user" }
  | { kind: "servicePrincipal" }
  | { kind: "managedIdentity"; idType: ManagedIdentityIdType; id: string | undefined }
  | { kind: "cloudShell" };

export type ManagedIdentityIdType = "MSI" | "MSIClient" | "MSIObject" | "MSIResource";

const MSI_TYPES: readonly string[] = ["MSI", "MSIClient", "MSIObject", "MSIResource"];

/** Which credential an account needs (az's _try_parse_msi_account_name and in_cloud_console checks). */
export function identityKindOf(account: ProfileAccount, inCloudShell: boolean): IdentityKind {
  const user = account.user;
  if (user.name === "systemAssignedIdentity" || user.name === "userAssignedIdentity") {
    // legacy profiles kept the identity info in the subscription name
    const info = typeof user.assignedIdentityInfo === "string" && user.assignedIdentityInfo ? user.assignedIdentityInfo : String(account.name);
    const dash = info.indexOf("-");
    const idType = dash < 0 ? info : info.slice(0, dash);
    if (MSI_TYPES.includes(idType)) {
      return { kind: "managedIdentity", idType: idType as ManagedIdentityIdType, id: dash < 0 ? undefined : info.slice(dash + 1) };
    }
  }
  if (inCloudShell && user.cloudShellID) return { kind: "cloudShell" };
  return user.type === "servicePrincipal" ? { kind: "servicePrincipal" } : { kind: "user" };
}
