// What the two MSAL flows (user refresh, service principal) share: an MSAL configuration that needs no
// discovery requests (authority and instance metadata built locally, so a token is exactly one POST) with CP1
// as az sends it, the call wrapper that turns failures into az's messages, and the cache-side helpers.
// Loaded lazily (imports @azure/msal-node): only a cache miss pays for it.
import { LogLevel, type Configuration, type INetworkModule } from "@azure/msal-node";
import { expiresInSeconds, tokenResponseProblem, type TokenGrant, type TokenResponse } from "../cache/msal-cache-writer.js";
import { AzError } from "../errors.js";
import { findAccessToken, type AccessTokenQuery, type MsalCacheDocument } from "../cache/msal-cache.js";
import { reportedExpiry, type AccessToken, type CredentialContext } from "./types.js";
import { tokenRequestError, type LoginHint } from "./entra-errors.js";
import type { TokenEndpointNetwork } from "./token-endpoint-network.js";

// The login flows take the whole toolkit from here.
export { createTokenEndpointNetwork, TokenEndpointNetwork } from "./token-endpoint-network.js";

/** `<host>/<tenant>`, the authority az builds. */
export function authorityUrl(authorityHost: string, tenant: string): string {
  return `${authorityHost}/${tenant}`;
}

export function tokenEndpoint(authorityHost: string, tenant: string): string {
  return `${authorityUrl(authorityHost, tenant)}/oauth2/v2.0/token`;
}

/** The base configuration: authority with local metadata, CP1 unless disabled, our network, MSAL logs under --debug. */
export function msalConfiguration(options: { context: CredentialContext; clientId: string; authorityHost: string; tenant: string; network: INetworkModule }): Configuration {
  const { context, authorityHost, tenant } = options;
  const authority = authorityUrl(authorityHost, tenant);
  const host = new URL(authorityHost).host;
  return {
    auth: {
      clientId: options.clientId,
      authority,
      // What OIDC discovery would return for a tenant of a public cloud; az 2.45 GETs it on every run.
      authorityMetadata: JSON.stringify({
        token_endpoint: tokenEndpoint(authorityHost, tenant),
        authorization_endpoint: `${authority}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${authority}/oauth2/v2.0/logout`,
        jwks_uri: `${authority}/discovery/v2.0/keys`,
        issuer: `${authorityHost}/${tenant}/v2.0`,
      }),
      // Instance discovery answer naming the host itself, so MSAL neither asks nor rewrites the host.
      cloudDiscoveryMetadata: JSON.stringify({
        tenant_discovery_endpoint: `${authority}/v2.0/.well-known/openid-configuration`,
        "api-version": "1.1",
        metadata: [{ preferred_network: host, preferred_cache: host, aliases: [host] }],
      }),
      ...(wantsCp1(context.deps.env) ? { clientCapabilities: ["CP1"] } : {}),
    },
    system: {
      networkClient: options.network,
      loggerOptions: {
        logLevel: context.logger.debugEnabled ? LogLevel.Info : LogLevel.Error,
        piiLoggingEnabled: false,
        loggerCallback: (_level, message, containsPii) => {
          if (!containsPii) context.logger.debug(`MSAL: ${message}`);
        },
      },
    },
  };
}

/** az (azure-identity's convention) asks for CP1 unless AZURE_IDENTITY_DISABLE_CP1 is set to anything. */
export function wantsCp1(env: Readonly<Record<string, string | undefined>>): boolean {
  return env.AZURE_IDENTITY_DISABLE_CP1 === undefined;
}

/**
 * Runs one MSAL token call and returns the endpoint's raw success answer; any failure becomes the AzError the
 * CLI prints (Entra's message and az's recommendation, or one line).
 */
export async function requestToken(network: TokenEndpointNetwork, authorityHost: string, hint: LoginHint, call: () => Promise<unknown>): Promise<TokenResponse> {
  const host = new URL(authorityHost).host;
  try {
    await call();
  } catch (error) {
    throw tokenRequestError({ error, answer: network.lastAnswer, networkError: network.lastNetworkError, host, hint });
  }
  const body = network.lastAnswer?.body;
  if (!body?.access_token) {
    throw tokenRequestError({ error: new Error("the token endpoint answered without an access token"), answer: network.lastAnswer, host, hint });
  }
  return body;
}

/** A cached token that needs no refresh (>= 300 s left, refresh_on not passed): another process just got it. */
export function freshCachedToken(document: MsalCacheDocument, query: AccessTokenQuery, scopes: readonly string[], nowMs: number): AccessToken | undefined {
  const cached = findAccessToken(document, query, scopes, nowMs / 1000);
  return cached && !cached.aging ? { token: cached.secret, expiresOn: reportedExpiry(nowMs, cached.expiresIn) } : undefined;
}

/**
 * The grant to write back and the token to return, both timed at the response's arrival. An answer that cannot
 * be used (not a string token, an expiry that is no date) is refused here, before anything is printed or saved.
 */
export function grantResult(grant: Omit<TokenGrant, "nowSeconds">, nowMs: number): { grant: TokenGrant; result: AccessToken } {
  const nowSeconds = Math.floor(nowMs / 1000);
  const problem = tokenResponseProblem(grant.response, nowSeconds);
  if (problem) throw new AzError(`The token endpoint ${grant.environment} sent an unusable answer (${problem}); nothing was saved.`);
  return {
    grant: { ...grant, nowSeconds },
    result: { token: grant.response.access_token!, expiresOn: reportedExpiry(nowMs, expiresInSeconds(grant.response, nowSeconds)) },
  };
}
