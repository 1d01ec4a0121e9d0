// Azure Resource Manager, the part `az login` uses: list tenants, list subscriptions (with nextLink paging), get
// one subscription. Every call needs a valid bearer token from this fake, for an ARM audience.
import { bearerToken, sendJson, type RequestContext } from "../context.js";
import type { FakeSubscription, FakeTenant, Principal } from "../directory.js";
import type { FakeState } from "../state.js";
import { verifyAccessToken } from "../tokens.js";
import type { Route } from "./route.js";

const ARM_AUDIENCES = new Set([
  "https://management.core.windows.net/",
  "https://management.core.windows.net",
  "https://management.azure.com/",
  "https://management.azure.com",
]);

function armError(ctx: RequestContext, status: number, code: string, message: string): void {
  const headers: Record<string, string> =
    status === 401 ? { "WWW-Authenticate": 'Bearer authorization_uri="https://login.microsoftonline.com/common", error="invalid_token"' } : {};
  sendJson(ctx, status, { error: { code, message } }, headers);
}

/** The caller, from its bearer token; answers the error itself and returns undefined when it is not acceptable. */
function authenticate(ctx: RequestContext, state: FakeState): { principal: Principal; tenantId: string } | undefined {
  if (!ctx.query["api-version"]) {
    armError(ctx, 400, "MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests.");
    return undefined;
  }
  const check = verifyAccessToken(state, bearerToken(ctx));
  if (!check.ok) {
    armError(ctx, 401, check.code, check.code === "ExpiredAuthenticationToken" ? "The access token expiry UTC time is earlier than current UTC time." : "The access token is invalid.");
    return undefined;
  }
  const { aud, oid, tid, appid, idtyp } = check.claims as Record<string, string>;
  if (!ARM_AUDIENCES.has(aud ?? "")) {
    armError(ctx, 401, "InvalidAuthenticationTokenAudience", `The access token has been obtained for wrong audience or resource '${aud}'.`);
    return undefined;
  }
  // Clients the directory does not know (accepted leniently at the token endpoint) see their token's tenant.
  const principal: Principal =
    state.directory.principalByObjectId(oid ?? "") ??
    (idtyp === "user"
      ? { kind: "user", user: { username: oid ?? "", objectId: oid ?? "", homeTenantId: tid ?? "" } }
      : { kind: "servicePrincipal", sp: { clientId: appid ?? "", tenantId: tid ?? "" } });
  return { principal, tenantId: tid ?? "" };
}

/** One page of `items`; `$skiptoken` is the offset, and `nextLink` repeats the request URL with the next offset. */
function sendPage<T>(ctx: RequestContext, state: FakeState, items: T[], extra: Record<string, unknown> = {}): void {
  const size = state.settings.armPageSize;
  const offset = Number(ctx.query.$skiptoken ?? 0) || 0;
  const page = size > 0 ? items.slice(offset, offset + size) : items;
  const body: Record<string, unknown> = { value: page, ...extra };
  if (size > 0 && offset + size < items.length) {
    const next = new URL(ctx.url);
    next.searchParams.set("$skiptoken", String(offset + size));
    body.nextLink = next.toString();
  }
  sendJson(ctx, 200, body);
}

function tenantJson(tenant: FakeTenant, homeTenantId: string): Record<string, unknown> {
  const domain = tenant.defaultDomain ?? `${tenant.tenantId}.onmicrosoft.com`;
  return {
    id: `/tenants/${tenant.tenantId}`,
    tenantId: tenant.tenantId,
    countryCode: "US",
    displayName: tenant.displayName,
    domains: [domain],
    tenantCategory: tenant.tenantId === homeTenantId ? "Home" : "ForeignTenant",
    defaultDomain: domain,
    tenantType: "AAD",
  };
}

function subscriptionJson(sub: FakeSubscription, tenantId: string): Record<string, unknown> {
  return {
    id: `/subscriptions/${sub.subscriptionId}`,
    authorizationSource: "RoleBased",
    managedByTenants: (sub.managedByTenants ?? []).map((id) => ({ tenantId: id })),
    subscriptionId: sub.subscriptionId,
    tenantId,
    displayName: sub.displayName,
    state: sub.state ?? "Enabled",
    subscriptionPolicies: { locationPlacementId: "Public_2014-09-01", quotaId: "PayAsYouGo_2014-09-01", spendingLimit: "Off" },
  };
}

function visibleSubscriptions(state: FakeState, principal: Principal, tenantId: string): FakeSubscription[] {
  return state.settings.noSubscriptions ? [] : state.directory.subscriptionsOf(principal, tenantId);
}

function listTenants(ctx: RequestContext, state: FakeState): void {
  const caller = authenticate(ctx, state);
  if (!caller) return;
  const home = caller.principal.kind === "user" ? caller.principal.user.homeTenantId : caller.tenantId;
  sendPage(ctx, state, state.directory.tenantsOf(caller.principal).map((t) => tenantJson(t, home)));
}

function listSubscriptions(ctx: RequestContext, state: FakeState): void {
  const caller = authenticate(ctx, state);
  if (!caller) return;
  const subs = visibleSubscriptions(state, caller.principal, caller.tenantId).map((s) => subscriptionJson(s, caller.tenantId));
  sendPage(ctx, state, subs, { count: { type: "Total", value: subs.length } });
}

function getSubscription(ctx: RequestContext, state: FakeState): void {
  const caller = authenticate(ctx, state);
  if (!caller) return;
  const id = ctx.params.subscriptionId ?? "";
  const sub = visibleSubscriptions(state, caller.principal, caller.tenantId).find((s) => s.subscriptionId.toLowerCase() === id.toLowerCase());
  if (!sub) {
    armError(ctx, 404, "SubscriptionNotFound", `The subscription '${id}' could not be found.`);
    return;
  }
  sendJson(ctx, 200, subscriptionJson(sub, caller.tenantId));
}

export const armRoutes: Route[] = [
  { name: "tenants", family: "arm", method: "GET", path: /^\/tenants\/?$/, handle: listTenants },
  { name: "subscriptions", family: "arm", method: "GET", path: /^\/subscriptions\/?$/, handle: listSubscriptions },
  { name: "subscription", family: "arm", method: "GET", path: /^\/subscriptions\/(?<subscriptionId>[^/]+)\/?$/, handle: getSubscription },
];
