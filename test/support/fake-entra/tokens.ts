// Issuing tokens: RS256 access tokens with the claims tests and the demo's resource server look at, and the token
// endpoint's response bodies for user and app grants (shapes from az-golden/README.md).
import { createPublicKey } from "node:crypto";
import { base64url, decodeJwt, signJwt, verifyJwtSignature, type JwtPayload } from "./jwt.js";
import type { FakeUser } from "./directory.js";
import type { FakeState } from "./state.js";

const OIDC_SCOPES = new Set(["openid", "profile", "offline_access"]);

/** Requested scopes without the OIDC ones, in request order (what Entra echoes back in `scope`). */
export function resourceScopes(scope: string | undefined): string[] {
  return (scope ?? "").split(" ").filter((s) => s && !OIDC_SCOPES.has(s));
}

/** The token audience for a scope list: the first scope minus `/.default` (so `…windows.net//.default` → `…windows.net/`). */
export function audienceOf(scopes: string[]): string {
  const first = scopes[0] ?? "";
  return first.endsWith("/.default") ? first.slice(0, -"/.default".length) : first;
}

export interface AccessTokenClaims {
  aud: string;
  tid: string;
  oid: string;
  appid: string;
  /** Grant type (or managed-identity protocol) the token came from. */
  gt: string;
  extra?: JwtPayload;
}

export function mintAccessToken(state: FakeState, claims: AccessTokenClaims, lifetimeSeconds: number): { token: string; n: number; expiresOn: number } {
  const n = state.nextCounter();
  const iat = Math.floor(state.now() / 1000);
  const exp = iat + lifetimeSeconds;
  const payload: JwtPayload = {
    aud: claims.aud,
    iss: `https://sts.windows.net/${claims.tid}/`,
    iat,
    nbf: iat,
    exp,
    tid: claims.tid,
    oid: claims.oid,
    sub: claims.oid,
    appid: claims.appid,
    n,
    gt: claims.gt,
    ...claims.extra,
  };
  return { token: signJwt(payload, state.signingKey, state.kid), n, expiresOn: exp };
}

/** The token-endpoint answer for a user grant: access, rotated refresh and ID token, client_info, foci. */
export function userTokenResponse(state: FakeState, input: { user: FakeUser; tenant: string; scope: string; clientId: string; gt: string }): JwtPayload {
  const { user, tenant, clientId, gt } = input;
  const scopes = resourceScopes(input.scope);
  const lifetime = state.settings.tokenLifetimeSeconds;
  const access = mintAccessToken(
    state,
    { aud: audienceOf(scopes), tid: tenant, oid: user.objectId, appid: clientId, gt, extra: { upn: user.username, unique_name: user.username, idtyp: "user" } },
    lifetime,
  );
  const refreshToken = `fake-rt-${access.n}`;
  state.refreshTokens.set(refreshToken, { username: user.username });
  const now = Math.floor(state.now() / 1000);
  const idToken = signJwt(
    {
      aud: clientId,
      iss: `https://login.microsoftonline.com/${tenant}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + lifetime,
      name: user.displayName ?? user.username,
      oid: user.objectId,
      preferred_username: user.username,
      sub: `sub-${user.objectId}`,
      tid: tenant,
      ver: "2.0",
    },
    state.signingKey,
    state.kid,
  );
  return {
    token_type: "Bearer",
    scope: scopes.join(" "),
    expires_in: lifetime,
    ext_expires_in: lifetime,
    access_token: access.token,
    refresh_token: refreshToken,
    id_token: idToken,
    client_info: base64url(JSON.stringify({ uid: user.objectId, utid: user.homeTenantId })),
    foci: "1",
  };
}

/** The token-endpoint answer for client credentials: an access token only. */
export function appTokenResponse(state: FakeState, input: { clientId: string; objectId: string; tenant: string; scope: string }): JwtPayload {
  const scopes = resourceScopes(input.scope);
  const lifetime = state.settings.tokenLifetimeSeconds;
  const access = mintAccessToken(
    state,
    { aud: audienceOf(scopes), tid: input.tenant, oid: input.objectId, appid: input.clientId, gt: "client_credentials", extra: { idtyp: "app" } },
    lifetime,
  );
  return { token_type: "Bearer", scope: scopes.join(" "), expires_in: lifetime, ext_expires_in: lifetime, access_token: access.token };
}

export type TokenCheck = { ok: true; claims: JwtPayload } | { ok: false; code: "InvalidAuthenticationToken" | "ExpiredAuthenticationToken" };

/** Verifies a bearer token the fake issued: signature and expiry. Audience checks are the resource's business. */
export function verifyAccessToken(state: FakeState, token: string | undefined): TokenCheck {
  const decoded = token ? decodeJwt(token) : undefined;
  if (!token || !decoded || !verifyJwtSignature(token, createPublicKey(state.signingKey))) {
    return { ok: false, code: "InvalidAuthenticationToken" };
  }
  const exp = decoded.payload.exp;
  if (typeof exp !== "number" || exp * 1000 < state.now()) return { ok: false, code: "ExpiredAuthenticationToken" };
  return { ok: true, claims: decoded.payload };
}
