// Managed-identity endpoints. The protocol is chosen the way the clients choose it: by path, method and
// `api-version` (docs/compatibility.md#managed-identity):
//   GET  /metadata/identity/oauth2/token  IMDS (2018-02-01), or Azure Arc for api-version 2019-11-01/2020-06-01
//   GET  /msi/token                       App Service 2019-08-01 (X-IDENTITY-HEADER), 2017-09-01 (`secret`),
//                                         Service Fabric 2019-07-01-preview (`secret`)
//   POST /msi/token, /oauth2/token        Cloud Shell / MSI_ENDPOINT (form body, `Metadata: true`)
import { sendJson, type RequestContext, type RouteName } from "../context.js";
import type { FakeManagedIdentity } from "../directory.js";
import type { FakeState } from "../state.js";
import { mintAccessToken } from "../tokens.js";
import type { Route } from "./route.js";

const ARC_API_VERSIONS = new Set(["2019-11-01", "2020-06-01"]);
const IMDS_HOST = "169.254.169.254";

type Params = Record<string, string>;

function miError(ctx: RequestContext, status: number, description: string, headers: Record<string, string> = {}): void {
  sendJson(ctx, status, { error: status >= 500 ? "server_error" : "invalid_request", error_description: description }, headers);
}

/** The identity a request names (`client_id`, `clientid`, `object_id`, `principal_id`, `msi_res_id`, `mi_res_id`), or the system one. */
function selectIdentity(state: FakeState, params: Params): FakeManagedIdentity | undefined {
  return state.directory.managedIdentity({
    clientId: params.client_id ?? params.clientid,
    objectId: params.object_id ?? params.principal_id,
    resourceId: params.msi_res_id ?? params.mi_res_id,
  });
}

function mint(state: FakeState, mi: FakeManagedIdentity, resource: string, protocol: RouteName) {
  const lifetime = state.settings.miTokenLifetimeSeconds;
  const access = mintAccessToken(
    state,
    { aud: resource, tid: mi.tenantId, oid: mi.objectId, appid: mi.clientId, gt: protocol, extra: { idtyp: "app", ...(mi.resourceId ? { xms_mirid: mi.resourceId } : {}) } },
    lifetime,
  );
  return { ...access, lifetime };
}

/** App Service 2017-09-01's date form of `expires_on`: `MM/DD/YYYY HH:MM:SS +00:00`. */
function appServiceDate(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  const p = (n: number) => String(n).padStart(2, "0");
  return `${p(d.getUTCMonth() + 1)}/${p(d.getUTCDate())}/${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +00:00`;
}

/**
 * Shared flow: resource present, identity known, then the protocol's own response shape. `authorized` runs the
 * protocol's header check and answers the error itself when it fails.
 */
function issue(ctx: RequestContext, state: FakeState, params: Params, authorized: () => boolean, shape: (t: ReturnType<typeof mint>, mi: FakeManagedIdentity, resource: string) => unknown): void {
  if (!authorized()) return;
  const resource = params.resource;
  const mi = resource ? selectIdentity(state, params) : undefined;
  if (!resource) miError(ctx, 400, "Required audience parameter not specified");
  else if (!mi) miError(ctx, 400, "Identity not found");
  else sendJson(ctx, 200, shape(mint(state, mi, resource, ctx.route), mi, resource));
}

function requireHeader(ctx: RequestContext, name: string, expected: string, status: number, description: string): () => boolean {
  return () => {
    if (ctx.headers[name]?.toLowerCase() === expected.toLowerCase()) return true;
    miError(ctx, status, description);
    return false;
  };
}

/** IMDS and Cloud Shell: `expires_in`/`expires_on` as strings of seconds. */
function imdsShape(t: ReturnType<typeof mint>, mi: FakeManagedIdentity, resource: string) {
  const notBefore = t.expiresOn - t.lifetime;
  return {
    access_token: t.token,
    client_id: mi.clientId,
    expires_in: String(t.lifetime),
    expires_on: String(t.expiresOn),
    ext_expires_in: String(t.lifetime),
    not_before: String(notBefore),
    resource,
    token_type: "Bearer",
  };
}

const metadataHeader = (ctx: RequestContext) => requireHeader(ctx, "metadata", "true", 400, "Required metadata header not specified");
const secretHeader = (ctx: RequestContext, state: FakeState, name: string) => requireHeader(ctx, name, state.settings.miSecret, 401, `Missing or wrong '${name}' header`);

function imds(ctx: RequestContext, state: FakeState): void {
  issue(ctx, state, ctx.query, metadataHeader(ctx), imdsShape);
}

function cloudShell(ctx: RequestContext, state: FakeState): void {
  issue(ctx, state, { ...ctx.query, ...ctx.form }, metadataHeader(ctx), imdsShape);
}

function appService(ctx: RequestContext, state: FakeState): void {
  issue(ctx, state, ctx.query, secretHeader(ctx, state, "x-identity-header"), (t, mi, resource) => ({
    access_token: t.token,
    expires_on: String(t.expiresOn),
    resource,
    token_type: "Bearer",
    client_id: mi.clientId,
  }));
}

function appService2017(ctx: RequestContext, state: FakeState): void {
  issue(ctx, state, ctx.query, secretHeader(ctx, state, "secret"), (t, _mi, resource) => ({
    access_token: t.token,
    expires_on: state.settings.appServiceDateExpiresOn ? appServiceDate(t.expiresOn) : String(t.expiresOn),
    resource,
    token_type: "Bearer",
  }));
}

function serviceFabric(ctx: RequestContext, state: FakeState): void {
  issue(ctx, state, ctx.query, secretHeader(ctx, state, "secret"), (t, _mi, resource) => ({
    token_type: "Bearer",
    access_token: t.token,
    expires_on: t.expiresOn,
    resource,
  }));
}

/** Azure Arc: a 401 challenge naming a key file, then the file's content as `Authorization: Basic <key>`. */
function arc(ctx: RequestContext, state: FakeState): void {
  const authorized = () => {
    if (!metadataHeader(ctx)()) return false;
    if (ctx.headers.authorization === `Basic ${state.arc.key}`) return true;
    miError(ctx, 401, "Unauthorized: read the key file named in WWW-Authenticate", { "WWW-Authenticate": `Basic realm=${state.arc.keyPath}` });
    return false;
  };
  if (ctx.query.client_id || ctx.query.object_id || ctx.query.msi_res_id || ctx.query.mi_res_id) {
    miError(ctx, 400, "User assigned identity is not supported on Azure Arc");
    return;
  }
  issue(ctx, state, ctx.query, authorized, imdsShape);
}

const apiVersion = (ctx: RequestContext) => ctx.query["api-version"] ?? "";
const isArc = (ctx: RequestContext) => ctx.host !== IMDS_HOST && ARC_API_VERSIONS.has(apiVersion(ctx));
const MSI_PATH = /^\/msi\/token\/?$/i;
const IMDS_PATH = /^\/metadata\/identity\/oauth2\/token\/?$/;

export const managedIdentityRoutes: Route[] = [
  { name: "arc", family: "mi", method: "GET", path: IMDS_PATH, accepts: isArc, handle: arc },
  { name: "imds", family: "mi", method: "GET", path: IMDS_PATH, handle: imds },
  { name: "appservice-2017", family: "mi", method: "GET", path: MSI_PATH, accepts: (ctx) => apiVersion(ctx) === "2017-09-01", handle: appService2017 },
  { name: "servicefabric", family: "mi", method: "GET", path: MSI_PATH, accepts: (ctx) => apiVersion(ctx).startsWith("2019-07-01"), handle: serviceFabric },
  { name: "appservice", family: "mi", method: "GET", path: MSI_PATH, handle: appService },
  { name: "cloudshell", family: "mi", method: "POST", path: /^\/(?:msi\/token|oauth2\/token|metadata\/identity\/oauth2\/token)\/?$/i, handle: cloudShell },
];
