// The token endpoint client for grants that need no user interaction: refresh token (users) and client
// credentials with a secret, a certificate's signed assertion or a federated token (service principals). One
// POST with the fields, field order and headers az (MSAL for Python 1.21) sends; the raw answer is returned for
// msal-cache-writer.ts, which writes az's cache entries from it.
//
// Why not msal-node here: these grants are a form POST, and msal-node's bundle costs about 50-70 ms to load,
// the largest part of a refresh. The interactive login flows (device code, browser, password) keep MSAL.
import { tokenRetryPolicy, withRetries } from "../../infra/http/retry.js";
import { builtinModule } from "../../infra/builtin.js";
import type { Deps } from "../../infra/deps.js";
import type { HttpResponse } from "../../infra/http-types.js";
import type { TokenResponse } from "../cache/msal-cache-writer.js";
import { AzError, NetworkError } from "../errors.js";
import { AZTOKEN_VERSION } from "../version.js";
import { entraError, isEntraError, type LoginHint } from "./entra-errors.js";
import { tokenEndpoint } from "../clouds.js";
import { wantsCp1 } from "./token-grant.js";
import type { CredentialContext } from "./types.js";

/** Spec 10.6: callers without a time-out must not hang. */
const TOKEN_REQUEST_TIMEOUT_MS = 30_000;

/** MSAL Python's OIDC scopes, added to every user grant in this order (az's request shows them so). */
const USER_RESERVED_SCOPES = ["offline_access", "openid", "profile"];

/** az's CP1 claims, as Python's json.dumps writes them (with spaces). */
const CP1_CLAIMS = '{"access_token": {"xms_cc": {"values": ["CP1"]}}}';

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/** How a service principal proves itself: a secret, or an assertion (a signed JWT or a federated token). */
export type ClientProof = { clientSecret: string } | { clientAssertion: string };

export type Grant =
  | { kind: "refresh_token"; refreshToken: string; /** `<uid>.<utid>`, for X-AnchorMailbox. */ homeAccountId: string }
  | { kind: "client_credentials"; proof: ClientProof };

export interface TokenGrantRequest {
  context: CredentialContext;
  /** e.g. https://login.microsoftonline.com */
  authorityHost: string;
  tenant: string;
  clientId: string;
  scopes: readonly string[];
  grant: Grant;
  /** What az's error recommendation may name (users: tenant and scopes; service principals: nothing). */
  hint: LoginHint;
}

/** Sends the grant and returns the endpoint's success answer; any failure is the AzError the CLI prints. */
export async function requestTokenGrant(request: TokenGrantRequest): Promise<TokenResponse> {
  const { context, authorityHost, tenant } = request;
  const host = new URL(authorityHost).host;
  const http = withRetries(await context.deps.http(), tokenRetryPolicy(), { logger: context.logger });
  const response = await http.send({
    method: "POST",
    url: tokenEndpoint(authorityHost, tenant),
    headers: tokenHeaders(request.grant, context.deps),
    body: tokenForm(request, wantsCp1(context.deps.env)),
    timeoutMs: TOKEN_REQUEST_TIMEOUT_MS,
  });
  return tokenAnswer(response, host, request.hint);
}

/** The form in az's field order (MSAL Python's oauth2 client), URL-encoded as Python's urlencode does. */
export function tokenForm(request: Pick<TokenGrantRequest, "clientId" | "scopes" | "grant">, cp1: boolean): string {
  const { grant } = request;
  const fields: [string, string][] = [["client_id", request.clientId]];
  if (grant.kind === "refresh_token") {
    fields.push(["grant_type", "refresh_token"], ["client_info", "1"]);
    if (cp1) fields.push(["claims", CP1_CLAIMS]);
    fields.push(["refresh_token", grant.refreshToken], ["scope", [...request.scopes, ...USER_RESERVED_SCOPES].join(" ")]);
  } else {
    fields.push(["grant_type", "client_credentials"]);
    if ("clientSecret" in grant.proof) fields.push(["client_info", "1"], ["client_secret", grant.proof.clientSecret]);
    else fields.push(["client_assertion", grant.proof.clientAssertion], ["client_info", "1"], ["client_assertion_type", ASSERTION_TYPE]);
    if (cp1) fields.push(["claims", CP1_CLAIMS]);
    fields.push(["scope", request.scopes.join(" ")]);
  }
  return new URLSearchParams(fields).toString();
}

function tokenHeaders(grant: Grant, deps: Pick<Deps, "platform" | "arch">): Record<string, string> {
  const headers: Record<string, string> = {
    Accept: "application/json",
    "Content-Type": "application/x-www-form-urlencoded",
    "x-client-sku": "aztoken",
    "x-client-ver": AZTOKEN_VERSION,
    "x-client-os": deps.platform,
    "x-client-cpu": deps.arch,
    // we honour Retry-After and 429 (infra/http/retry.ts), as MSAL does
    "x-ms-lib-capability": "retry-after, h429",
    // node:crypto as the request is built, not as this module loads: it then loads while the connection opens
    "client-request-id": builtinModule("node:crypto").randomUUID(),
  };
  if (grant.kind === "refresh_token") {
    // MSAL's CCS routing hint for a known account: Oid:<uid>@<utid>
    const [uid, utid] = grant.homeAccountId.split(".");
    if (uid && utid) headers["X-AnchorMailbox"] = `Oid:${uid}@${utid}`;
  }
  return headers;
}

/** The answer's JSON: a token, or Entra's error in az's words, or one line naming the host. */
export function tokenAnswer(response: HttpResponse, host: string, hint: LoginHint): TokenResponse {
  let body: unknown;
  try {
    body = JSON.parse(response.body);
  } catch {
    throw new NetworkError(`Unexpected response from ${host}: HTTP ${response.status} with a body that is not JSON`);
  }
  if (isEntraError(body)) throw entraError(body, hint);
  if (response.status >= 400) throw new NetworkError(`Token request to ${host} failed: HTTP ${response.status}`);
  const answer = body as TokenResponse | null;
  if (typeof answer !== "object" || answer === null || Array.isArray(answer)) {
    throw new AzError(`Could not get a token from ${host}: the token endpoint answered without an access token`);
  }
  // The token and its expiry are judged in one place for every grant: grantResult (tokenResponseProblem).
  return answer;
}
