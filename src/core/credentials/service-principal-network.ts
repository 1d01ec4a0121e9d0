// A service principal's token (docs/compatibility.md#service-principals): the client-credentials grant with the secret,
// certificate or federated token from service_principal_entries.json, one POST (token-client.ts), written back to az's
// cache as an app token (home_account_id null). An entry with an assertion provider gets its federated token inside
// the cache lock, so parallel callers with the same expired token fetch one assertion and make one token request.
// Loaded only on a cache miss.
import { AzError } from "../errors.js";
import { acquireUnderCacheLock } from "../cache/msal-cache-writer.js";
import type { CacheSnapshot } from "../cache/msal-cache.js";
import type { ServicePrincipalEntry } from "../profile/service-principal-file.js";
import { rememberAssertion, storedAssertion } from "../profile/service-principal-store.js";
import { currentAssertion } from "../federation/assertion.js";
import { ASSERTION_PROVIDER_FIELD, parseAssertionProvider, type AssertionProvider } from "../federation/provider.js";
import { loadCertificate, signClientAssertion, type CertificateSigner } from "./client-assertion.js";
import { requestTokenGrant, type ClientProof } from "./token-client.js";
import { tokenEndpoint } from "../clouds.js";
import { freshCachedToken, grantResult } from "./token-grant.js";
import { withConnectionAhead, type AccessToken, type CredentialContext } from "./types.js";

export interface ServicePrincipalTokenRequest {
  context: CredentialContext;
  entry: ServicePrincipalEntry;
  /** e.g. https://login.microsoftonline.com */
  authorityHost: string;
  /** `--tenant`, else the account's tenant (also when the entry is the fallback of another tenant, as in az). */
  tenant: string;
  scopes: string[];
  /** Where an entry with an assertion provider keeps its latest assertion (none: always fetch a new one). */
  assertionStore?: AssertionStore;
  /** The cache as the lookup read it; not read again under the lock when the file is unchanged. */
  cacheBefore?: CacheSnapshot;
}

export interface AssertionStore {
  /** The assertion stored now (read inside the cache lock: another process may just have fetched one). */
  read(): unknown;
  /** Keeps a newly fetched assertion, once Entra accepted it. */
  write(assertion: string): Promise<void> | void;
}

export async function acquireServicePrincipalToken(request: ServicePrincipalTokenRequest): Promise<AccessToken> {
  const { context, entry, authorityHost, tenant, scopes, cacheBefore } = request;
  const clientId = entry.client_id;
  const environment = new URL(authorityHost).hostname;
  const query = { clientId, environment, realm: tenant, homeAccountId: null };
  // Read before the lock: a broken certificate or provider description fails without touching the cache.
  const provider = entry[ASSERTION_PROVIDER_FIELD] === undefined ? undefined : parseAssertionProvider(entry[ASSERTION_PROVIDER_FIELD]);
  const credential = provider ? undefined : clientCredential(entry);

  const endpoint = tokenEndpoint(authorityHost, tenant);
  return acquireUnderCacheLock(context.configDir, {
    ...(cacheBefore ? { before: cacheBefore } : {}),
    findFresh: (document) => freshCachedToken(document, query, scopes, context.deps.clock.now()),
    acquire: () =>
      // the connection comes up while a federated token is fetched or the certificate's assertion signed
      withConnectionAhead(context, endpoint, async () => {
        const federated = provider && (await providedAssertion(request, provider));
        const proof: ClientProof = federated
          ? { clientAssertion: federated.assertion }
          : "signer" in credential!
            ? { clientAssertion: signClientAssertion(credential.signer, clientId, endpoint, context.deps.clock.now()) }
            : credential!;
        context.logger.debug(`Requesting a token for ${scopes.join(" ")} from ${authorityHost}/${tenant} as service principal ${clientId}`);
        // az's check_result(result) gets no tenant or scopes for a service principal: the hint is bare `az login`.
        const response = await requestTokenGrant({ context, authorityHost, tenant, clientId, scopes, grant: { kind: "client_credentials", proof }, hint: {} });
        if (federated?.fetched) await request.assertionStore?.write(federated.assertion);
        return grantResult({ clientId, environment, realm: tenant, requestedScopes: scopes, response }, context.deps.clock.now());
      }),
  });
}

/** The entry's assertion as stored in service_principal_entries.json, for `account get-access-token`. */
export function profileAssertionStore(configDir: string, entry: ServicePrincipalEntry): AssertionStore {
  return { read: () => storedAssertion(configDir, entry), write: (assertion) => rememberAssertion(configDir, entry, assertion) };
}

function providedAssertion(request: ServicePrincipalTokenRequest, provider: AssertionProvider) {
  const { deps, logger } = request.context;
  return currentAssertion(request.assertionStore?.read(), provider, { env: deps.env, http: () => deps.http(logger), logger, nowMs: deps.clock.now() });
}

/** The entry's one credential: a secret or a federated token as stored, or a certificate to sign with. */
export function clientCredential(entry: ServicePrincipalEntry): ClientProof | { signer: CertificateSigner } {
  if (typeof entry.client_secret === "string") return { clientSecret: entry.client_secret };
  if (typeof entry.certificate === "string") return { signer: loadCertificate(entry.certificate, entry.use_cert_sn_issuer === true) };
  // A federated token is sent exactly as stored; it is never refreshed (it simply expires,
  // docs/compatibility.md#service-principals).
  if (typeof entry.client_assertion === "string") return { clientAssertion: entry.client_assertion };
  throw new AzError(`The stored credential of service principal ${entry.client_id} has no secret, certificate or federated token. Run \`az login\` for this service principal.`);
}
