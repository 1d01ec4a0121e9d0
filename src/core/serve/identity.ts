// Which client id the served account's tokens are issued to: what App Service reports as `client_id` and what a
// request's `client_id` must name.
import { identityKindOf } from "../profile/accounts.js";
import type { ProfileAccount } from "../profile/profile-file.js";
import { AZURE_CLI_CLIENT_ID } from "../credentials/types.js";

export function accountClientId(account: ProfileAccount, inCloudShell: boolean): string | undefined {
  const identity = identityKindOf(account, inCloudShell);
  switch (identity.kind) {
    case "user":
      return AZURE_CLI_CLIENT_ID;
    case "servicePrincipal":
      return account.user.name;
    case "managedIdentity":
      return identity.idType === "MSIClient" ? identity.id : undefined;
    case "cloudShell":
      return undefined;
  }
}
