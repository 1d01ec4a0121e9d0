// Entra ID, everything but the token endpoint: OIDC and instance discovery, signing keys, the authorize endpoint
// (auto-consent) and device-code issuing.
import { aadError, aadStatus } from "../aadsts.js";
import { send, sendJson, type RequestContext } from "../context.js";
import { jwksFor } from "../jwt.js";
import type { FakeState } from "../state.js";
import type { Route } from "./route.js";

const PUBLIC_CLOUD_ALIASES = ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"];
const DEVICE_LOGIN_URI = "https://microsoft.com/devicelogin";

const origin = (ctx: RequestContext) => new URL(ctx.url).origin;

function openidConfiguration(ctx: RequestContext): void {
  const base = `${origin(ctx)}/${ctx.params.tenant}`;
  const tenantPlaceholder = /^[0-9a-f-]{36}$/i.test(ctx.params.tenant ?? "") ? ctx.params.tenant : "{tenantid}";
  sendJson(ctx, 200, {
    token_endpoint: `${base}/oauth2/v2.0/token`,
    token_endpoint_auth_methods_supported: ["client_secret_post", "private_key_jwt", "client_secret_basic"],
    jwks_uri: `${base}/discovery/v2.0/keys`,
    response_modes_supported: ["query", "fragment", "form_post"],
    subject_types_supported: ["pairwise"],
    id_token_signing_alg_values_supported: ["RS256"],
    response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
    scopes_supported: ["openid", "profile", "email", "offline_access"],
    issuer: `${origin(ctx)}/${tenantPlaceholder}/v2.0`,
    request_uri_parameter_supported: false,
    userinfo_endpoint: "https://graph.microsoft.com/oidc/userinfo",
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
    http_logout_supported: true,
    frontchannel_logout_supported: true,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    claims_supported: ["sub", "iss", "aud", "exp", "iat", "nonce", "preferred_username", "name", "tid", "ver", "oid"],
    tenant_region_scope: null,
    cloud_instance_name: "microsoftonline.com",
    cloud_graph_host_name: "graph.windows.net",
    msgraph_host: "graph.microsoft.com",
    rbac_url: "https://pas.windows.net",
  });
}

/** MSAL's instance discovery: the tenant discovery URL for the given authorization endpoint, and the host aliases. */
function instanceDiscovery(ctx: RequestContext): void {
  const authorizationEndpoint = ctx.query.authorization_endpoint ?? `${origin(ctx)}/common/oauth2/authorize`;
  let tenant = "common";
  let discoveryOrigin = origin(ctx);
  try {
    const url = new URL(authorizationEndpoint);
    tenant = url.pathname.split("/")[1] || "common";
    discoveryOrigin = url.origin;
  } catch {
    // A malformed parameter still gets the default document, as Entra does.
  }
  const metadata = [{ preferred_network: "login.microsoftonline.com", preferred_cache: "login.windows.net", aliases: PUBLIC_CLOUD_ALIASES }];
  const host = new URL(discoveryOrigin).host;
  if (!PUBLIC_CLOUD_ALIASES.includes(host)) metadata.push({ preferred_network: host, preferred_cache: host, aliases: [host] });
  sendJson(ctx, 200, {
    tenant_discovery_endpoint: `${discoveryOrigin}/${tenant}/v2.0/.well-known/openid-configuration`,
    "api-version": "1.1",
    metadata,
  });
}

/** The browser step of the auth-code flow: consent is automatic, so it redirects straight back to the app. */
function authorize(ctx: RequestContext, state: FakeState): void {
  const { client_id: clientId, redirect_uri: redirectUri, scope = "", state: appState } = ctx.query;
  if (!clientId || !redirectUri) {
    const body = aadError(900144, { description: `The request body must contain the following parameter: '${clientId ? "redirect_uri" : "client_id"}'.` });
    sendJson(ctx, 400, body);
    return;
  }
  const target = new URL(redirectUri);
  if (state.settings.authorize === "deny") {
    target.searchParams.set("error", "access_denied");
    target.searchParams.set("error_description", "AADSTS65004: User declined to consent to access the app.");
  } else {
    const code = `fake-auth-code-${state.authCodes.size + 1}`;
    const hinted = ctx.query.login_hint ? state.directory.user(ctx.query.login_hint) : undefined;
    state.authCodes.set(code, {
      code,
      clientId,
      tenant: ctx.params.tenant ?? "organizations",
      redirectUri,
      scope,
      ...(ctx.query.code_challenge ? { codeChallenge: ctx.query.code_challenge } : {}),
      ...(ctx.query.code_challenge_method ? { codeChallengeMethod: ctx.query.code_challenge_method } : {}),
      user: hinted ?? state.directory.defaultUser(),
    });
    target.searchParams.set("code", code);
  }
  if (appState !== undefined) target.searchParams.set("state", appState);
  send(ctx, 302, "", { Location: target.toString() });
}

function deviceCode(ctx: RequestContext, state: FakeState): void {
  const form = ctx.form ?? {};
  if (!form.client_id) {
    const body = aadError(900144);
    sendJson(ctx, aadStatus(body), body);
    return;
  }
  const n = state.deviceCodes.size + 1;
  // The first code matches the golden capture exactly (fake-device-code / FAKECODE1).
  const deviceCodeValue = n === 1 ? "fake-device-code" : `fake-device-code-${n}`;
  const userCode = `FAKECODE${n}`;
  const { expiresIn, interval } = state.settings.deviceCode;
  state.deviceCodes.set(deviceCodeValue, {
    deviceCode: deviceCodeValue,
    userCode,
    clientId: form.client_id,
    tenant: ctx.params.tenant ?? "organizations",
    scope: form.scope ?? "",
    expiresAt: state.now() + expiresIn * 1000,
    polls: 0,
  });
  sendJson(ctx, 200, {
    user_code: userCode,
    device_code: deviceCodeValue,
    verification_uri: DEVICE_LOGIN_URI,
    expires_in: expiresIn,
    interval,
    message: `To sign in, use a web browser to open the page ${DEVICE_LOGIN_URI} and enter the code ${userCode} to authenticate.`,
  });
}

function keys(ctx: RequestContext, state: FakeState): void {
  sendJson(ctx, 200, jwksFor(state.signingKey, state.kid));
}

export const authorityRoutes: Route[] = [
  { name: "openid-configuration", family: "authority", method: "GET", path: /^\/(?<tenant>[^/]+)(?:\/v2\.0)?\/\.well-known\/openid-configuration$/, handle: openidConfiguration },
  { name: "instance-discovery", family: "authority", method: "GET", path: /^\/(?<tenant>[^/]+)\/discovery\/instance$/, handle: instanceDiscovery },
  { name: "keys", family: "authority", method: "GET", path: /^\/(?<tenant>[^/]+)\/discovery(?:\/v2\.0)?\/keys$/, handle: keys },
  { name: "authorize", family: "authority", method: "GET", path: /^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/authorize$/, handle: authorize },
  { name: "devicecode", family: "authority", method: "POST", path: /^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/devicecode$/, handle: deviceCode },
];
