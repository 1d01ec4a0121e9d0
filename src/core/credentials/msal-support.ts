// What the interactive MSAL flows (device code, browser, username/password) share: an MSAL configuration that
// needs no discovery requests (authority and instance metadata built locally, so a token is exactly one POST)
// with CP1 as az sends it, and the call wrapper that turns failures into az's messages. Loaded lazily (imports
// @azure/msal-node): only `login` pays for it; token refreshes go through token-client.ts without MSAL.
import { LogLevel, type Configuration, type INetworkModule } from "@azure/msal-node";
import type { TokenResponse } from "../cache/msal-cache-writer.js";
import type { CredentialContext } from "./types.js";
import { tokenRequestError, type LoginHint } from "./entra-errors.js";
import { authorityUrl, tokenEndpoint } from "../clouds.js";
import { wantsCp1 } from "./token-grant.js";
import type { TokenEndpointNetwork } from "./token-endpoint-network.js";

// The interactive login flows take the whole toolkit from here.
export { createTokenEndpointNetwork, TokenEndpointNetwork } from "./token-endpoint-network.js";
export { authorityUrl, tokenEndpoint } from "../clouds.js";
export { freshCachedToken, grantResult, wantsCp1 } from "./token-grant.js";

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
