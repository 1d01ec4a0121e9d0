// Picks the credential kind for an account (az's get_raw_token dispatch).
import { identityKindOf } from "../profile/accounts.js";
import { ManagedIdentityCredential } from "./managed-identity.js";
import { ServicePrincipalCredential } from "./service-principal.js";
import type { Credential, CredentialContext } from "./types.js";
import { UserCredential } from "./user.js";

export function createCredential(context: CredentialContext): Credential {
  const identity = identityKindOf(context.account, context.deps.env.ACC_CLOUD !== undefined);
  switch (identity.kind) {
    case "managedIdentity":
      return new ManagedIdentityCredential(context, { idType: identity.idType, id: identity.id });
    case "cloudShell":
      return new ManagedIdentityCredential(context, { idType: "MSI", id: undefined }, "Cloud Shell account");
    case "servicePrincipal":
      return new ServicePrincipalCredential(context);
    case "user":
      return new UserCredential(context);
  }
}
