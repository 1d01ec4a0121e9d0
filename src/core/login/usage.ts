// `az login`'s options and its up-front usage checks, in az's order
// (docs/compatibility.md#login-logout-account-and-version), plus the identity selection of both az generations:
// --client-id/--object-id/--resource-id (2.69+) and the older -u.
import { AzError } from "../errors.js";
import type { ManagedIdentityIdType } from "../profile/accounts.js";

/** Parsed `login` options (the `dest` names of the command table). */
export interface LoginOptions {
  username?: string;
  password?: string;
  servicePrincipal?: boolean;
  tenant?: string;
  allowNoSubscriptions?: boolean;
  identity?: boolean;
  useDeviceCode?: boolean;
  useCertSnIssuer?: boolean;
  scope?: string[];
  federatedToken?: string;
  certificate?: string;
  clientId?: string;
  objectId?: string;
  resourceId?: string;
  claimsChallenge?: string;
}

export function checkLoginUsage(options: LoginOptions): void {
  if (options.identity && (options.password || options.servicePrincipal || options.tenant)) {
    throw new AzError("usage error: '--identity' is not applicable with other arguments");
  }
  if (options.useDeviceCode && (options.password || options.servicePrincipal || options.username || options.identity)) {
    throw new AzError("usage error: '--use-device-code' is not applicable with other arguments");
  }
  if (options.useCertSnIssuer && !options.servicePrincipal) {
    throw new AzError("usage error: '--use-sn-issuer' is only applicable with a service principal");
  }
  if (options.servicePrincipal && !options.username) {
    throw new AzError("usage error: --service-principal --username NAME --password SECRET --tenant TENANT");
  }
}

/** How to find the managed identity: one fixed selector, or (2.45's `-u X`) client id first, then object id. */
export type IdentityCandidates = { idType: ManagedIdentityIdType; id: string | undefined }[];

export const USERNAME_IDENTITY_DEPRECATION =
  "Passing the managed identity ID with --username is deprecated and will be removed in a future release. " +
  "Please use --client-id, --object-id or --resource-id instead.";

export function identityCandidates(options: LoginOptions): IdentityCandidates {
  const given = [options.clientId, options.objectId, options.resourceId, options.username].filter(Boolean);
  if (given.length > 1) throw new AzError("Usage error: Provide only one of --client-id, --object-id, --resource-id.");
  if (options.clientId) return [{ idType: "MSIClient", id: options.clientId }];
  if (options.objectId) return [{ idType: "MSIObject", id: options.objectId }];
  if (options.resourceId) return [{ idType: "MSIResource", id: options.resourceId }];
  const id = options.username;
  if (!id) return [{ idType: "MSI", id: undefined }];
  if (isResourceId(id)) return [{ idType: "MSIResource", id }];
  return [
    { idType: "MSIClient", id },
    { idType: "MSIObject", id },
  ];
}

/** azure-mgmt-core's is_valid_resource_id, for what a user-assigned identity's id looks like. */
export function isResourceId(value: string): boolean {
  return /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/[^/]+\/[^/]+\/[^/]+(\/[^/]+\/[^/]+)*\/?$/i.test(value);
}

/** `--claims-challenge` is base64 (az's b64decode); the JSON inside goes to the authorize/token requests. */
export function decodeClaimsChallenge(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const text = Buffer.from(value, "base64").toString("utf8");
  try {
    JSON.parse(text);
  } catch {
    throw new AzError("--claims-challenge must be a base64-encoded claims JSON object, as sent in the WWW-Authenticate header.");
  }
  return text;
}
