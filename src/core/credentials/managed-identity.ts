// Managed identity accounts (`az login --identity`) and Cloud Shell accounts. Their tokens always come from an
// endpoint on the machine (IMDS, App Service, Cloud Shell, Arc, Service Fabric); the transport is loaded lazily.
import { AzError } from "../errors.js";
import type { ManagedIdentityIdType } from "../profile/accounts.js";
import type { AccessToken, Credential, CredentialContext, TokenRequest } from "./types.js";

export interface ManagedIdentitySelector {
  idType: ManagedIdentityIdType;
  id: string | undefined;
}

export class ManagedIdentityCredential implements Credential {
  constructor(
    private readonly context: CredentialContext,
    private readonly selector: ManagedIdentitySelector,
    private readonly accountLabel: "managed identity account" | "Cloud Shell account" = "managed identity account",
  ) {}

  async getToken(request: TokenRequest): Promise<AccessToken> {
    rejectOtherTenant(request.tenant, this.context.account.tenantId, this.accountLabel);
    const { acquireManagedIdentityToken } = await import("./managed-identity-network.js");
    return acquireManagedIdentityToken({
      context: this.context,
      selector: this.selector,
      resource: scopesToResource(request.scopes),
      cloudShell: this.accountLabel === "Cloud Shell account",
    });
  }
}

/** Latest az accepts --tenant equal to the account's tenant and refuses any other (2.45 refused all). */
function rejectOtherTenant(tenant: string | undefined, accountTenant: string, label: string): void {
  if (tenant === undefined || tenant === accountTenant) return;
  throw new AzError(
    `For ${label}, getting access token for non-current tenants is not supported. The specified tenant must be the current tenant ${accountTenant}`,
  );
}

/** az's scopes_to_resource: the first scope without a trailing /.default or /user_impersonation. */
export function scopesToResource(scopes: readonly string[]): string {
  const scope = scopes[0] ?? "";
  for (const suffix of ["/.default", "/user_impersonation"]) {
    if (scope.endsWith(suffix)) return scope.slice(0, -suffix.length);
  }
  return scope;
}
