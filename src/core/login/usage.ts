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
  /** aztoken's own: where a new federated token comes from at each token request. */
  federatedTokenProvider?: "github" | "azure-pipelines";
  federatedTokenAudience?: string;
  serviceConnectionId?: string;
  federatedTokenFile?: string;
  workloadIdentity?: boolean;
}

/** The service principal credentials of a login; only one may be given. */
const CREDENTIAL_FLAGS: readonly [keyof LoginOptions, string][] = [
  ["password", "--password"],
  ["certificate", "--certificate"],
  ["federatedToken", "--federated-token"],
  ["federatedTokenProvider", "--federated-token-provider"],
  ["federatedTokenFile", "--federated-token-file"],
];

/** True when the login names a federated token source that is asked again at each token request. */
export function hasAssertionProvider(options: LoginOptions): boolean {
  return options.federatedTokenProvider !== undefined || options.federatedTokenFile !== undefined;
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
  checkFederationUsage(options);
}

function checkFederationUsage(options: LoginOptions): void {
  if (options.workloadIdentity) {
    const others = [options.username, options.password, options.servicePrincipal, options.tenant, options.identity, options.useDeviceCode, options.federatedToken, options.certificate];
    if (others.some(Boolean) || hasAssertionProvider(options)) {
      throw new AzError("usage error: '--workload-identity' takes the client id, tenant and token file from AZURE_CLIENT_ID, AZURE_TENANT_ID and AZURE_FEDERATED_TOKEN_FILE; give no other credential arguments");
    }
  }
  if (hasAssertionProvider(options) && !options.servicePrincipal) {
    throw new AzError("usage error: --federated-token-provider and --federated-token-file are only applicable with --service-principal -u CLIENT_ID --tenant TENANT");
  }
  const given = CREDENTIAL_FLAGS.filter(([dest]) => options[dest] !== undefined).map(([, flag]) => flag);
  // (az itself lets --password win over --federated-token; only aztoken's sources are exclusive)
  if (hasAssertionProvider(options) && given.length > 1) throw new AzError(`usage error: give only one of ${given.join(", ")}`);
  if (options.federatedTokenAudience !== undefined && options.federatedTokenProvider !== "github") {
    throw new AzError("usage error: --federated-token-audience is only applicable with --federated-token-provider github");
  }
  if (options.serviceConnectionId !== undefined && options.federatedTokenProvider !== "azure-pipelines") {
    throw new AzError("usage error: --service-connection-id is only applicable with --federated-token-provider azure-pipelines");
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
