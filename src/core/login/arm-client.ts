// The part of ARM's subscription API that `az login` uses (azure-mgmt-resource SubscriptionClient, api-version
// 2019-11-01): list tenants and list subscriptions, following `nextLink` until the last page.
import { AzError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { HttpClient } from "../../infra/http-types.js";

export const SUBSCRIPTION_API_VERSION = "2019-11-01";

export interface ArmTenant {
  tenantId: string;
  displayName?: string | null;
}

export interface ArmSubscription {
  /** `/subscriptions/<id>` */
  id: string;
  subscriptionId: string;
  displayName: string;
  state: string;
  /** The subscription's home tenant (az stores it as homeTenantId). */
  tenantId?: string | null;
  managedByTenants?: { tenantId: string }[] | null;
}

export class ArmClient {
  private readonly base: string;
  /** `https://host[:port]`: the only place the ARM token goes, nextLinks included. */
  private readonly origin: string;

  constructor(
    private readonly http: HttpClient,
    resourceManagerEndpoint: string,
    private readonly logger: Logger,
  ) {
    this.base = resourceManagerEndpoint.replace(/\/+$/, "");
    const url = URL.canParse(this.base) ? new URL(this.base) : undefined;
    if (url?.protocol !== "https:") {
      throw new AzError(`The cloud's resource manager endpoint ${resourceManagerEndpoint} is not an https:// URL; aztoken sends access tokens over HTTPS only.`);
    }
    this.origin = url.origin;
  }

  listTenants(token: string): Promise<ArmTenant[]> {
    return this.listAll<ArmTenant>(`${this.base}/tenants?api-version=${SUBSCRIPTION_API_VERSION}`, token);
  }

  listSubscriptions(token: string): Promise<ArmSubscription[]> {
    return this.listAll<ArmSubscription>(`${this.base}/subscriptions?api-version=${SUBSCRIPTION_API_VERSION}`, token);
  }

  private async listAll<T>(firstUrl: string, token: string): Promise<T[]> {
    const items: T[] = [];
    const seen = new Set<string>();
    let url: string | undefined = firstUrl;
    while (url) {
      // a server that hands back the same nextLink again would otherwise keep us here for ever
      if (seen.has(url)) break;
      seen.add(url);
      const page = await this.get(url, token);
      items.push(...((Array.isArray(page.value) ? page.value : []) as T[]));
      url = typeof page.nextLink === "string" && page.nextLink ? this.checkedNextLink(page.nextLink) : undefined;
    }
    return items;
  }

  /** A nextLink is followed (with the token) only to the ARM host the list came from, over HTTPS. */
  private checkedNextLink(link: string): string {
    const url = URL.canParse(link) ? new URL(link) : undefined;
    if (url?.origin !== this.origin) {
      const where = url ? `${url.protocol}//${url.host}` : "an invalid URL";
      throw new AzError(`ARM answered with a nextLink to ${where}, not ${this.origin}; the ARM token is not sent there.`);
    }
    return url.href;
  }

  private async get(url: string, token: string): Promise<{ value?: unknown; nextLink?: unknown }> {
    const response = await this.http.send({
      method: "GET",
      url,
      headers: { Accept: "application/json", Authorization: `Bearer ${token}`, "x-ms-client-request-id": crypto.randomUUID() },
    });
    const host = new URL(url).host;
    let body: unknown;
    try {
      body = response.body.trim() === "" ? {} : JSON.parse(response.body);
    } catch {
      throw new AzError(`Unexpected response from ${host}: HTTP ${response.status} with a body that is not JSON`);
    }
    if (response.status < 200 || response.status >= 300) throw armError(response.status, body);
    this.logger.debug(`ARM answered ${response.status} for ${new URL(url).pathname}`);
    return typeof body === "object" && body !== null ? (body as { value?: unknown; nextLink?: unknown }) : {};
  }
}

/** azure-core's HttpResponseError text, as az prints it: `(Code) Message` then the Code and Message lines. */
function armError(status: number, body: unknown): AzError {
  const error = (body as { error?: { code?: unknown; message?: unknown } } | null)?.error;
  const code = typeof error?.code === "string" ? error.code : undefined;
  const message = typeof error?.message === "string" ? error.message : `Operation returned an invalid status code ${status}`;
  return new AzError(code ? `(${code}) ${message}\nCode: ${code}\nMessage: ${message}` : message);
}
