// The token endpoint, one function per grant type. Errors are Entra-shaped (aadsts.ts).
import { createHash } from "node:crypto";
import { aadError, aadStatus, type AadErrorBody } from "../aadsts.js";
import { sendJson, type RequestContext } from "../context.js";
import type { FakeUser } from "../directory.js";
import type { DeviceCodeGrant, FakeState } from "../state.js";
import { appTokenResponse, resourceScopes, userTokenResponse } from "../tokens.js";
import { authenticateClient } from "./client-auth.js";
import type { Route } from "./route.js";

const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
const MULTI_TENANT = new Set(["organizations", "common", "consumers"]);

type Form = Record<string, string>;
type GrantResult = { body: Record<string, unknown> } | { error: AadErrorBody };

const missing = (name: string): GrantResult => ({
  error: aadError(900144, { description: `The request body must contain the following parameter: '${name}'.` }),
});

/** The tenant a token is issued in: the path's tenant id, a known domain's id, or the user's home for `organizations`. */
function tenantFor(state: FakeState, pathTenant: string, user?: FakeUser): string {
  if (MULTI_TENANT.has(pathTenant.toLowerCase())) return user?.homeTenantId ?? pathTenant;
  return state.directory.tenant(pathTenant)?.tenantId ?? pathTenant;
}

function userGrant(state: FakeState, tenant: string, user: FakeUser, form: Form, scope: string | undefined, gt: string): GrantResult {
  return {
    body: userTokenResponse(state, { user, tenant: tenantFor(state, tenant, user), scope: scope ?? "", clientId: form.client_id!, gt }),
  };
}

function refreshTokenGrant(state: FakeState, tenant: string, form: Form): GrantResult {
  const token = form.refresh_token;
  if (!token) return missing("refresh_token");
  const record = state.refreshTokens.get(token);
  if (!record && !state.settings.acceptUnknownRefreshTokens) return { error: aadError(9002313) };
  const issuedAt = Number(/^fake-rt-(\d+)$/.exec(token)?.[1] ?? 0);
  if (record?.revoked || issuedAt < state.refreshTokensValidFrom) return { error: aadError(700082) };
  const user = (record && state.directory.user(record.username)) || state.directory.defaultUser();
  return userGrant(state, tenant, user, form, form.scope, "refresh_token");
}

function clientCredentialsGrant(state: FakeState, tenant: string, form: Form): GrantResult {
  const client = authenticateClient(state, form);
  if (!client.ok) return { error: client.error };
  const scopes = resourceScopes(form.scope);
  if (scopes.length === 0) return { error: aadError(70011) };
  if (!scopes.every((s) => s.endsWith("/.default"))) return { error: aadError(1002012) };
  const tokenTenant = MULTI_TENANT.has(tenant.toLowerCase()) ? (client.tenantId ?? tenant) : tenantFor(state, tenant);
  return { body: appTokenResponse(state, { clientId: client.clientId, objectId: client.objectId, tenant: tokenTenant, scope: form.scope ?? "" }) };
}

function deviceCodeGrant(state: FakeState, tenant: string, form: Form): GrantResult {
  const code = form.device_code;
  if (!code) return missing("device_code");
  const grant = state.deviceCodes.get(code);
  if (!grant || grant.redeemed) return { error: aadError(70000, { description: "The provided value for the 'device_code' parameter is not valid." }) };
  if (state.now() > grant.expiresAt) return { error: aadError(70020) };
  if (grant.denied) return { error: aadError(70000, { error: "authorization_declined", description: "The user declined the sign-in." }) };
  grant.polls += 1;
  const { slowDownPolls, approveAfterPolls, scopeFrom } = state.settings.deviceCode;
  if (grant.polls <= slowDownPolls) return { error: aadError(70049) };
  const user = grant.approvedBy ?? autoApprove(state, grant, approveAfterPolls);
  if (!user) return { error: aadError(70016) };
  grant.redeemed = true;
  return userGrant(state, tenant, user, form, scopeFrom === "poll" ? form.scope : grant.scope, DEVICE_CODE_GRANT);
}

function autoApprove(state: FakeState, grant: DeviceCodeGrant, afterPolls: number | null): FakeUser | undefined {
  if (afterPolls === null || grant.polls - state.settings.deviceCode.slowDownPolls <= afterPolls) return undefined;
  grant.approvedBy = state.directory.defaultUser();
  return grant.approvedBy;
}

function authorizationCodeGrant(state: FakeState, tenant: string, form: Form): GrantResult {
  if (!form.code) return missing("code");
  const grant = state.authCodes.get(form.code);
  if (!grant) return { error: aadError(70000) };
  if (grant.redeemed) return { error: aadError(70008) };
  if (form.redirect_uri !== grant.redirectUri) {
    return { error: aadError(500112, { description: `The reply address '${form.redirect_uri ?? ""}' does not match the reply address '${grant.redirectUri}' provided when requesting Authorization code.` }) };
  }
  if (grant.codeChallenge && !pkceMatches(grant.codeChallenge, grant.codeChallengeMethod, form.code_verifier)) {
    return { error: aadError(501481) };
  }
  grant.redeemed = true;
  return userGrant(state, tenant, grant.user, form, form.scope ?? grant.scope, "authorization_code");
}

function pkceMatches(challenge: string, method: string | undefined, verifier: string | undefined): boolean {
  if (!verifier) return false;
  const derived = method === "plain" ? verifier : createHash("sha256").update(verifier).digest("base64url");
  return derived === challenge;
}

function passwordGrant(state: FakeState, tenant: string, form: Form): GrantResult {
  if (!form.username) return missing("username");
  if (form.password === undefined) return missing("password");
  const user = state.directory.user(form.username);
  if (!user) return { error: aadError(50034, { description: `The user account ${form.username} does not exist in the directory.` }) };
  if (user.password !== undefined && user.password !== form.password) return { error: aadError(50126) };
  return userGrant(state, tenant, user, form, form.scope, "password");
}

const GRANTS: Record<string, (state: FakeState, tenant: string, form: Form) => GrantResult> = {
  refresh_token: refreshTokenGrant,
  client_credentials: clientCredentialsGrant,
  [DEVICE_CODE_GRANT]: deviceCodeGrant,
  authorization_code: authorizationCodeGrant,
  password: passwordGrant,
};

function token(ctx: RequestContext, state: FakeState): void {
  const form = ctx.form ?? {};
  const grant = GRANTS[form.grant_type ?? ""];
  const result: GrantResult = !form.client_id
    ? missing("client_id")
    : !grant
      ? { error: aadError(70003, { error: "unsupported_grant_type" }) }
      : grant(state, ctx.params.tenant ?? "organizations", form);
  if ("error" in result) sendJson(ctx, aadStatus(result.error), result.error);
  else sendJson(ctx, 200, result.body);
}

export const tokenRoutes: Route[] = [
  { name: "token", family: "authority", method: "POST", path: /^\/(?<tenant>[^/]+)\/oauth2\/v2\.0\/token$/, handle: token },
];
