// `az login --service-principal`: one client-credentials token for the login scopes proves the secret,
// certificate, federated token or assertion provider; only then is the credential saved to
// service_principal_entries.json (for a provider: its description and the assertion it just gave).
import { readFileSync, statSync } from "node:fs";
import { isAbsolute, resolve } from "node:path";
import { ServicePrincipalCredential } from "../../credentials/service-principal.js";
import { saveServicePrincipalEntry, withAssertion } from "../../profile/service-principal-store.js";
import { ASSERTION_PROVIDER_FIELD, FederatedTokenError, GITHUB_DEFAULT_AUDIENCE, type AssertionProvider } from "../../federation/provider.js";
import type { Env } from "../../../infra/deps.js";
import type { ServicePrincipalEntry } from "../../profile/service-principal-file.js";
import type { ArmTokenSource } from "../subscription-finder.js";
import { armScope, credentialContext, loginAuthorityHost, type LoginContext } from "../login-context.js";
import type { LoginOptions } from "../usage.js";

export type ServicePrincipalSecret = Pick<ServicePrincipalEntry, "client_secret" | "certificate" | "use_cert_sn_issuer" | "client_assertion"> & {
  [ASSERTION_PROVIDER_FIELD]?: AssertionProvider;
};

/**
 * The one credential to store, as az builds it: --password is a secret, except that (as in 2.45) a value naming
 * an existing PEM file is the certificate; else --certificate (latest); else aztoken's assertion provider; else
 * --federated-token.
 */
export function servicePrincipalSecret(options: LoginOptions, homeDir: string, env: Env): ServicePrincipalSecret {
  const certificate = (path: string): ServicePrincipalSecret => ({
    certificate: absolutePath(path, homeDir),
    ...(options.useCertSnIssuer ? { use_cert_sn_issuer: true } : {}),
  });
  if (options.password) return isPemFile(absolutePath(options.password, homeDir)) ? certificate(options.password) : { client_secret: options.password };
  if (options.certificate) return certificate(options.certificate);
  const provider = assertionProvider(options, homeDir, env);
  if (provider) return { [ASSERTION_PROVIDER_FIELD]: provider };
  return { client_assertion: options.federatedToken ?? "" };
}

/** --federated-token-file (an absolute path) or --federated-token-provider, described for storage. */
function assertionProvider(options: LoginOptions, homeDir: string, env: Env): AssertionProvider | undefined {
  if (options.federatedTokenFile) return { kind: "file", path: absolutePath(options.federatedTokenFile, homeDir) };
  if (options.federatedTokenProvider === "github") return { kind: "github", audience: options.federatedTokenAudience || GITHUB_DEFAULT_AUDIENCE };
  if (options.federatedTokenProvider === "azure-pipelines") {
    const serviceConnectionId = options.serviceConnectionId || env.AZURESUBSCRIPTION_SERVICE_CONNECTION_ID;
    if (!serviceConnectionId) {
      throw new FederatedTokenError(
        "--federated-token-provider azure-pipelines needs the service connection id: pass --service-connection-id or set AZURESUBSCRIPTION_SERVICE_CONNECTION_ID (the AzureCLI@2 task sets it).",
      );
    }
    return { kind: "azure-pipelines", serviceConnectionId };
  }
  return undefined;
}

export interface ServicePrincipalSignIn {
  clientId: string;
  /** `--tenant`; az's authority falls back to `organizations` without one. */
  tenant: string | undefined;
  secret: ServicePrincipalSecret;
  scopes: string[];
}

/** Gets the token (cached by the credential as az does), then saves the entry; returns ARM tokens for discovery. */
export async function signInServicePrincipal(context: LoginContext, request: ServicePrincipalSignIn): Promise<ArmTokenSource> {
  const tenant = request.tenant ?? "organizations";
  const entry: ServicePrincipalEntry = { tenant, client_id: request.clientId, ...request.secret };
  const { acquireServicePrincipalToken } = await import("../../credentials/service-principal-network.js");
  const credentials = credentialContext(context, { name: request.clientId, type: "servicePrincipal" }, tenant);
  // A provider's assertion is always fetched anew at login (proving the provider works) and stored with the entry.
  let fetched: string | undefined;
  const assertionStore = { read: () => undefined, write: (assertion: string) => void (fetched = assertion) };
  await acquireServicePrincipalToken({ context: credentials, entry, authorityHost: loginAuthorityHost(context), tenant, scopes: request.scopes, assertionStore });
  await saveServicePrincipalEntry(context.session.configDir, fetched === undefined ? entry : withAssertion(entry, fetched));

  // From here on the stored entry is the credential, exactly as for `account get-access-token`.
  const credential = new ServicePrincipalCredential(credentials);
  const scope = armScope(context);
  return async (forTenant) => (await credential.getToken({ scopes: [scope], tenant: forTenant ?? tenant })).token;
}

function absolutePath(path: string, homeDir: string): string {
  const expanded = path === "~" ? homeDir : path.startsWith("~/") ? `${homeDir}${path.slice(1)}` : path;
  return isAbsolute(expanded) ? expanded : resolve(expanded);
}

function isPemFile(path: string): boolean {
  try {
    // a secret that happens to name a file is still a secret unless the file is a PEM
    return statSync(path).isFile() && readFileSync(path, "utf8").includes("-----BEGIN");
  } catch {
    return false;
  }
}
