// A service principal's token (docs/compatibility.md#service-principals): MSAL node's client-credentials grant with the
// secret, certificate or federated token from service_principal_entries.json, one POST, written back to az's cache as
// an app token (home_account_id null). Loaded only on a cache miss.
import { createPrivateKey, X509Certificate } from "node:crypto";
import { readFileSync } from "node:fs";
import { ConfidentialClientApplication, type NodeAuthOptions } from "@azure/msal-node";
import { AzError } from "../errors.js";
import { acquireUnderCacheLock } from "../cache/msal-cache-writer.js";
import type { ServicePrincipalEntry } from "../profile/service-principal-file.js";
import { freshCachedToken, grantResult, msalConfiguration, requestToken } from "./msal-support.js";
import { createTokenEndpointNetwork } from "./token-endpoint-network.js";
import type { AccessToken, CredentialContext } from "./types.js";

export interface ServicePrincipalTokenRequest {
  context: CredentialContext;
  entry: ServicePrincipalEntry;
  /** e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** `--tenant`, else the account's tenant (also when the entry is the fallback of another tenant, as in az). */
  tenant: string;
  scopes: string[];
}

export async function acquireServicePrincipalToken(request: ServicePrincipalTokenRequest): Promise<AccessToken> {
  const { context, entry, authorityHost, tenant, scopes } = request;
  const clientId = entry.client_id;
  const environment = new URL(authorityHost).hostname;
  const query = { clientId, environment, realm: tenant, homeAccountId: null };
  // Read before the lock: a broken certificate fails without touching the cache.
  const credential = clientCredential(entry);

  return acquireUnderCacheLock(context.configDir, {
    findFresh: (document) => freshCachedToken(document, query, scopes, context.deps.clock.now()),
    async acquire() {
      const network = await createTokenEndpointNetwork(context);
      const base = msalConfiguration({ context, clientId, authorityHost, tenant, network });
      const app = new ConfidentialClientApplication({ ...base, auth: { ...base.auth, ...credential } });
      context.logger.debug(`Requesting a token for ${scopes.join(" ")} from ${authorityHost}/${tenant} as service principal ${clientId}`);
      // az's check_result(result) gets no tenant or scopes for a service principal: the hint is bare `az login`.
      const response = await requestToken(network, authorityHost, {}, () => app.acquireTokenByClientCredential({ scopes, skipCache: true }));
      return grantResult({ clientId, environment, realm: tenant, requestedScopes: scopes, response }, context.deps.clock.now());
    },
  });
}

type ClientCredential = Pick<NodeAuthOptions, "clientSecret" | "clientCertificate" | "clientAssertion">;

/** The entry's one credential in MSAL's terms. */
export function clientCredential(entry: ServicePrincipalEntry): ClientCredential {
  if (typeof entry.client_secret === "string") return { clientSecret: entry.client_secret };
  if (typeof entry.certificate === "string") return { clientCertificate: certificateCredential(entry.certificate, entry.use_cert_sn_issuer === true) };
  // A federated token is sent exactly as stored; it is never refreshed (it simply expires,
  // docs/compatibility.md#service-principals).
  if (typeof entry.client_assertion === "string") return { clientAssertion: entry.client_assertion };
  throw new AzError(`The stored credential of service principal ${entry.client_id} has no secret, certificate or federated token. Run \`az login\` for this service principal.`);
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/i;

/**
 * az's ServicePrincipalAuth: one PEM file with the private key and the certificate; x5t is the SHA-1 thumbprint
 * of the first certificate, and with use_cert_sn_issuer (subject name/issuer auth) that certificate goes in x5c.
 */
export function certificateCredential(path: string, sendX5c: boolean): NonNullable<NodeAuthOptions["clientCertificate"]> {
  try {
    const pem = readFileSync(path, "utf8");
    const certificate = PEM_CERTIFICATE.exec(pem)?.[0];
    if (!certificate) throw new Error("no certificate in the file");
    const thumbprint = new X509Certificate(certificate).fingerprint.replace(/:/g, "");
    // Re-exported as PKCS#8 so MSAL's signer gets the key alone, whatever else the file holds.
    const privateKey = createPrivateKey(pem).export({ type: "pkcs8", format: "pem" }).toString();
    return { thumbprint, privateKey, ...(sendX5c ? { x5c: certificate } : {}) };
  } catch (error) {
    const detail = (error as NodeJS.ErrnoException).code === "ENOENT" ? `No such file: ${path}` : (error as Error).message.split("\n")[0];
    throw new AzError(`Invalid certificate, please use a valid PEM file. Error detail: ${detail}`);
  }
}
