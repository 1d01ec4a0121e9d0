// The fake's in-process twin for unit tests: answers HttpRequests through memoryDeps' HTTP stub (no sockets),
// with the same directory (ids, tenants, subscriptions) and the token shapes of the fake behind the golden
// captures: Entra's token and device-code endpoints, ARM's tenants/subscriptions (paged on request) and IMDS.
// Every token POST is recorded; a test may answer any of them its own way (`fail`) or slow them down.
import type { HttpRequest, HttpResponse } from "../../../src/infra/http-types.js";
import { ALICE_OID, AZ_CLI_CLIENT_ID, defaultDirectory, T1 } from "./directory.js";

/** Tokens this twin issues expire here (2100-01-01), as the fixtures' cached ones do. */
export const FAKE_TOKEN_EXPIRY = 4102444800;

export interface TokenPost {
  url: string;
  headers: Record<string, string>;
  form: Record<string, string>;
  /** Field names in the order sent. */
  fields: string[];
}

export type Answer = { status: number; body: unknown; headers?: Record<string, string> };

export interface InProcessEntraOptions {
  /** The clock of the tokens' iat/exp claims (seconds are taken from it). */
  nowMs?: number;
  /** Answer to give instead of a token (per request); an Error is thrown as the HTTP client would. */
  fail?: (post: TokenPost) => Answer | Error | undefined;
  /** Extra members of every successful token answer (e.g. refresh_in). */
  extra?: Record<string, unknown>;
  /** Delay before answering a token request, to let concurrent callers pile up. */
  delayMs?: number;
  /** ARM lists no subscriptions. */
  noSubscriptions?: boolean;
  /** ARM list page size; 0 = one page. */
  pageSize?: number;
  /** IMDS answers 400 to ids of this kind (client_id / object_id / msi_res_id). */
  imdsRejects?: string[];
}

export interface InProcessEntra {
  respond(request: HttpRequest): Promise<HttpResponse>;
  posts: TokenPost[];
  /** Successful token answers given, in order. */
  answers: Record<string, unknown>[];
}

const RESERVED_SCOPES = new Set(["openid", "profile", "offline_access"]);
const b64json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** An unsigned JWT of these claims (the twin's tokens are never verified). */
export const fakeJwt = (claims: Record<string, unknown>) => `${b64json({ typ: "JWT", alg: "RS256", kid: "fake" })}.${b64json(claims)}.c2lnbmF0dXJl`;

/** The form fields of a request body. */
export function formOf(request: { body?: string }): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(request.body ?? ""));
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): HttpResponse => ({
  status,
  headers: { "content-type": "application/json", ...headers },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

export function inProcessEntra(options: InProcessEntraOptions = {}): InProcessEntra {
  const posts: TokenPost[] = [];
  const answers: Record<string, unknown>[] = [];
  let counter = 0;

  const token = async (request: HttpRequest, url: URL): Promise<HttpResponse> => {
    const params = new URLSearchParams(request.body ?? "");
    const post: TokenPost = { url: request.url, headers: request.headers ?? {}, form: Object.fromEntries(params), fields: [...params.keys()] };
    posts.push(post);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const failure = options.fail?.(post);
    if (failure instanceof Error) throw failure;
    if (failure) return json(failure.status, failure.body, failure.headers);
    const body = { ...tokenAnswer(post.form, url, ++counter, Math.floor((options.nowMs ?? Date.now()) / 1000)), ...options.extra };
    answers.push(body);
    return json(200, body);
  };

  const respond = async (request: HttpRequest): Promise<HttpResponse> => {
    const url = new URL(request.url);
    if (url.hostname === "169.254.169.254") return imds(url, options);
    if (url.pathname.endsWith("/oauth2/v2.0/devicecode")) return deviceCode();
    if (url.pathname.endsWith("/oauth2/v2.0/token")) return token(request, url);
    if (url.hostname === "management.azure.com") return arm(url, options);
    return json(404, { error: { code: "NotFound", message: `no route for ${request.method} ${url.pathname}` } });
  };
  return { respond, posts, answers };
}

function tokenAnswer(form: Record<string, string>, url: URL, n: number, now: number): Record<string, unknown> {
  const tenantSegment = url.pathname.split("/")[1]!;
  const tenant = tenantSegment === "organizations" ? T1 : tenantSegment;
  // the golden fake answered a device-code poll with the poll's own scope
  const requested = form.grant_type?.endsWith("device_code") ? "" : (form.scope ?? "");
  const scope = requested.split(" ").filter((s) => s && !RESERVED_SCOPES.has(s));
  const aud = scope[0]?.replace(/\/\.default$/, "") ?? "";
  const common = {
    token_type: "Bearer",
    scope: scope.join(" "),
    expires_in: 3599,
    ext_expires_in: 3599,
    access_token: fakeJwt({ aud, tid: tenant, exp: FAKE_TOKEN_EXPIRY, n, gt: form.grant_type }),
  };
  if (form.grant_type === "client_credentials") return common;
  return {
    ...common,
    refresh_token: `fake-rt-${n}`,
    id_token: fakeJwt({
      aud: AZ_CLI_CLIENT_ID,
      iss: `https://login.microsoftonline.com/${tenant}/v2.0`,
      iat: now,
      exp: now + 3600,
      tid: tenant,
      oid: ALICE_OID,
      sub: "sub-1",
      preferred_username: "alice@contoso.com",
      ver: "2.0",
    }),
    client_info: b64json({ uid: ALICE_OID, utid: T1 }),
    foci: "1",
  };
}

function deviceCode(): HttpResponse {
  return json(200, {
    device_code: "fake-device-code",
    user_code: "FAKECODE1",
    verification_uri: "https://microsoft.com/devicelogin",
    expires_in: 900,
    interval: 1,
    message: "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FAKECODE1 to authenticate.",
  });
}

function imds(url: URL, options: InProcessEntraOptions): HttpResponse {
  const kind = ["client_id", "object_id", "msi_res_id", "mi_res_id"].find((name) => url.searchParams.has(name));
  if (kind && options.imdsRejects?.includes(kind)) return json(400, { error: "invalid_request", error_description: "Identity not found" });
  const resource = url.searchParams.get("resource");
  return json(200, {
    access_token: fakeJwt({ aud: resource, tid: T1, exp: FAKE_TOKEN_EXPIRY, unique_name: "live.com#alice@contoso.com" }),
    expires_in: "86399",
    expires_on: String(FAKE_TOKEN_EXPIRY),
    resource,
    token_type: "Bearer",
  });
}

/** ARM's lists for alice: her home tenant and its subscriptions, from the fake's default directory. */
function arm(url: URL, options: InProcessEntraOptions): HttpResponse {
  const home = defaultDirectory().tenants.find((tenant) => tenant.tenantId === T1)!;
  const items =
    url.pathname === "/tenants"
      ? [{ id: `/tenants/${home.tenantId}`, tenantId: home.tenantId, displayName: home.displayName }]
      : options.noSubscriptions
        ? []
        : (home.subscriptions ?? []).map((sub) => ({
            id: `/subscriptions/${sub.subscriptionId}`,
            subscriptionId: sub.subscriptionId,
            tenantId: home.tenantId,
            displayName: sub.displayName,
            state: sub.state,
            managedByTenants: (sub.managedByTenants ?? []).map((tenantId) => ({ tenantId })),
          }));
  const size = options.pageSize ?? 0;
  const offset = Number(url.searchParams.get("$skiptoken") ?? 0);
  const page = size > 0 ? items.slice(offset, offset + size) : items;
  const next = new URL(url.href);
  next.searchParams.set("$skiptoken", String(offset + size));
  return json(200, { value: page, ...(size > 0 && offset + size < items.length ? { nextLink: next.href } : {}) });
}
