// A service principal's token (spec 4.4.3): the client-credentials grant with the secret, certificate or
// federated token from service_principal_entries.json, one POST (token-client.ts), written back to az's cache as
// an app token (home_account_id null). Loaded only on a cache miss.
import { AzError } from "../errors.js";
import { acquireUnderCacheLock } from "../cache/msal-cache-writer.js";
import type { CacheSnapshot } from "../cache/msal-cache.js";
import type { ServicePrincipalEntry } from "../profile/service-principal-file.js";
import { loadCertificate, signClientAssertion, type CertificateSigner } from "./client-assertion.js";
import { requestTokenGrant, type ClientProof } from "./token-client.js";
import { freshCachedToken, grantResult, tokenEndpoint } from "./token-grant.js";
import type { AccessToken, CredentialContext } from "./types.js";

export interface ServicePrincipalTokenRequest {
  context: CredentialContext;
  entry: ServicePrincipalEntry;
  /** e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** `--tenant`, else the account's tenant (also when the entry is the fallback of another tenant, as in az). */
  tenant: string;
  scopes: string[];
  /** The cache as the lookup read it; not read again under the lock when the file is unchanged. */
  cacheBefore?: CacheSnapshot;
}

export async function acquireServicePrincipalToken(request: ServicePrincipalTokenRequest): Promise<AccessToken> {
  const { context, entry, authorityHost, tenant, scopes, cacheBefore } = request;
  const clientId = entry.client_id;
  const environment = new URL(authorityHost).hostname;
  const query = { clientId, environment, realm: tenant, homeAccountId: null };
  // Read before the lock: a broken certificate fails without touching the cache.
  const credential = clientCredential(entry);

  return acquireUnderCacheLock(context.configDir, {
    ...(cacheBefore ? { before: cacheBefore } : {}),
    findFresh: (document) => freshCachedToken(document, query, scopes, context.deps.clock.now()),
    async acquire() {
      const proof: ClientProof =
        "signer" in credential ? { clientAssertion: signClientAssertion(credential.signer, clientId, tokenEndpoint(authorityHost, tenant), context.deps.clock.now()) } : credential;
      context.logger.debug(`Requesting a token for ${scopes.join(" ")} from ${authorityHost}/${tenant} as service principal ${clientId}`);
      // az's check_result(result) gets no tenant or scopes for a service principal: the hint is bare `az login`.
      const response = await requestTokenGrant({ context, authorityHost, tenant, clientId, scopes, grant: { kind: "client_credentials", proof }, hint: {} });
      return grantResult({ clientId, environment, realm: tenant, requestedScopes: scopes, response }, context.deps.clock.now());
    },
  });
}

/** The entry's one credential: a secret or a federated token as stored, or a certificate to sign with. */
export function clientCredential(entry: ServicePrincipalEntry): ClientProof | { signer: CertificateSigner } {
  if (typeof entry.client_secret === "string") return { clientSecret: entry.client_secret };
  if (typeof entry.certificate === "string") return { signer: loadCertificate(entry.certificate, entry.use_cert_sn_issuer === true) };
  // A federated token is sent exactly as stored; it is never refreshed (it simply expires, spec 4.4.3).
  if (typeof entry.client_assertion === "string") return { clientAssertion: entry.client_assertion };
  throw new AzError(`The stored credential of service principal ${entry.client_id} has no secret, certificate or federated token. Run \`az login\` for this service principal.`);
}
