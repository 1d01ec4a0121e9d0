// A stub of Entra ID, ARM and IMDS for in-process login tests, answering as the fake behind the golden captures
// did (az-golden/README.md): same ids, same token shapes, device-code polls answered with the poll's own scope.
import type { HttpRequest, HttpResponse } from "../../../src/infra/http-types.js";

export const T1 = "72f988bf-0000-4000-8000-000000000001";
export const T2 = "2f4a9838-26b7-47ee-be60-ccc1fdec5953";
export const SP = "99999999-8888-7777-6666-555555555555";
export const OID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
export const SUB1 = "11111111-2222-3333-4444-555555555555";
export const SUB2 = "66666666-7777-8888-9999-000000000000";

export interface StubOptions {
  noSubscriptions?: boolean;
  /** ARM list page size; 0 = one page. */
  pageSize?: number;
  /** Answer every token POST with this Entra error. */
  tokenError?: { error: string; code: number; description: string };
  /** IMDS answers 400 to ids of this kind (client_id / object_id / msi_res_id). */
  imdsRejects?: string[];
}

const RESERVED = new Set(["openid", "profile", "offline_access"]);

export function stubEntra(options: StubOptions = {}): (request: HttpRequest) => HttpResponse {
  let counter = 0;
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
  const jwt = (claims: Record<string, unknown>) => `${b64({ typ: "JWT", alg: "RS256", kid: "fake" })}.${b64(claims)}.c2lnbmF0dXJl`;
  const json = (status: number, body: unknown): HttpResponse => ({ status, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

  return (request) => {
    const url = new URL(request.url);
    const form = Object.fromEntries(new URLSearchParams(request.body ?? ""));
    if (url.hostname === "169.254.169.254") {
      const kind = ["client_id", "object_id", "msi_res_id", "mi_res_id"].find((name) => url.searchParams.has(name));
      if (kind && options.imdsRejects?.includes(kind)) return json(400, { error: "invalid_request", error_description: "Identity not found" });
      const resource = url.searchParams.get("resource");
      return json(200, {
        access_token: jwt({ aud: resource, tid: T1, exp: 4102444800, unique_name: "live.com#alice@contoso.com" }),
        expires_in: "86399",
        expires_on: "4102444800",
        resource,
        token_type: "Bearer",
      });
    }
    if (url.pathname.endsWith("/oauth2/v2.0/devicecode")) {
      return json(200, {
        device_code: "fake-device-code",
        user_code: "FAKECODE1",
        verification_uri: "https://microsoft.com/devicelogin",
        expires_in: 900,
        interval: 1,
        message: "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FAKECODE1 to authenticate.",
      });
    }
    if (url.pathname.endsWith("/oauth2/v2.0/token")) {
      if (options.tokenError) {
        const { error, code, description } = options.tokenError;
        return json(400, { error, error_description: description, error_codes: [code] });
      }
      counter += 1;
      const tenantSegment = url.pathname.split("/")[1]!;
      const tenant = tenantSegment === "organizations" ? T1 : tenantSegment;
      // the golden fake answered a device-code poll with the poll's own scope
      const requested = form.grant_type?.endsWith("device_code") ? "" : (form.scope ?? "");
      const scope = requested.split(" ").filter((s) => s && !RESERVED.has(s)).join(" ");
      const aud = scope.split(" ")[0]?.replace(/\/\.default$/, "") ?? "";
      const body: Record<string, unknown> = {
        token_type: "Bearer",
        scope,
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: jwt({ aud, tid: tenant, exp: 4102444800, n: counter, gt: form.grant_type }),
      };
      if (form.grant_type !== "client_credentials") {
        Object.assign(body, {
          refresh_token: `fake-rt-${counter}`,
          id_token: jwt({ preferred_username: "alice@contoso.com", oid: OID, tid: tenant, sub: "sub" }),
          client_info: b64({ uid: OID, utid: T1 }),
          foci: "1",
        });
      }
      return json(200, body);
    }
    if (url.hostname === "management.azure.com") {
      const items =
        url.pathname === "/tenants"
          ? [{ id: `/tenants/${T1}`, tenantId: T1, displayName: "Contoso" }]
          : options.noSubscriptions
            ? []
            : [
                { id: `/subscriptions/${SUB1}`, subscriptionId: SUB1, tenantId: T1, displayName: "Contoso Dev", state: "Enabled", managedByTenants: [{ tenantId: T2 }] },
                { id: `/subscriptions/${SUB2}`, subscriptionId: SUB2, tenantId: T1, displayName: "Contoso Old", state: "Disabled", managedByTenants: [] },
              ];
      const size = options.pageSize ?? 0;
      const offset = Number(url.searchParams.get("$skiptoken") ?? 0);
      const page = size > 0 ? items.slice(offset, offset + size) : items;
      const next = new URL(url.href);
      next.searchParams.set("$skiptoken", String(offset + size));
      return json(200, { value: page, ...(size > 0 && offset + size < items.length ? { nextLink: next.href } : {}) });
    }
    return json(404, { error: { code: "NotFound", message: `no stub for ${request.method} ${url.pathname}` } });
  };
}

/** The form fields of a request body. */
export function formOf(request: { body?: string }): Record<string, string> {
  return Object.fromEntries(new URLSearchParams(request.body ?? ""));
}
