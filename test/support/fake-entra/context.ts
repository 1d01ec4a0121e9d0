// One incoming request as the routes see it: host decided (absolute-form URL, else Host header), query and form
// body parsed, plus small helpers to answer.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";

export type RouteFamily = "authority" | "arm" | "graph" | "mi" | "ci" | "control";

export type RouteName =
  | "openid-configuration"
  | "instance-discovery"
  | "keys"
  | "authorize"
  | "devicecode"
  | "token"
  | "tenants"
  | "subscriptions"
  | "subscription"
  | "graph-me"
  | "imds"
  | "appservice"
  | "appservice-2017"
  | "servicefabric"
  | "cloudshell"
  | "arc"
  | "github-idtoken"
  | "azure-pipelines-oidctoken"
  | "control"
  | "unknown";

/** How the request reached the fake: directly (TLS or plain), or as a proxy request (CONNECT tunnel / absolute-form). */
export type Transport = "https" | "http" | "https-tunnel" | "http-tunnel" | "http-proxy";

export interface RequestContext {
  req: IncomingMessage;
  res: ServerResponse;
  transport: Transport;
  method: string;
  /** Lower-cased host name without the port. */
  host: string;
  path: string;
  query: Record<string, string>;
  /** The full URL as the client meant it, e.g. `https://login.microsoftonline.com/organizations/oauth2/v2.0/token`. */
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The parsed `application/x-www-form-urlencoded` body, when there is one. */
  form?: Record<string, string>;
  /** Named path segments of the matched route (e.g. `tenant`). */
  params: Record<string, string>;
  route: RouteName;
}

export async function readContext(req: IncomingMessage, res: ServerResponse, transport: Transport): Promise<RequestContext> {
  const rawUrl = req.url ?? "/";
  const absolute = /^[a-z]+:\/\//i.test(rawUrl);
  const scheme = transport === "https" || transport === "https-tunnel" ? "https" : "http";
  const hostHeader = req.headers.host ?? (req.socket as TLSSocket).servername ?? "localhost";
  const url = new URL(absolute ? rawUrl : `${scheme}://${hostHeader}${rawUrl}`);
  const body = await readBody(req);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  const isForm = (headers["content-type"] ?? "").includes("application/x-www-form-urlencoded") || (req.method === "POST" && /^[\w.%+-]+=/.test(body));
  return {
    req,
    res,
    transport: absolute ? "http-proxy" : transport,
    method: req.method ?? "GET",
    host: url.hostname.toLowerCase().replace(/^\[|\]$/g, ""),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    url: url.toString(),
    headers,
    body,
    ...(isForm ? { form: Object.fromEntries(new URLSearchParams(body)) } : {}),
    params: {},
    route: "unknown",
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

export function sendJson(ctx: RequestContext, status: number, body: unknown, headers: Record<string, string> = {}): void {
  send(ctx, status, JSON.stringify(body), { "Content-Type": "application/json; charset=utf-8", ...headers });
}

export function send(ctx: RequestContext, status: number, body: string, headers: Record<string, string> = {}): void {
  if (ctx.res.headersSent || ctx.res.destroyed) return;
  ctx.res.writeHead(status, { "Cache-Control": "no-store", "Content-Length": Buffer.byteLength(body), ...headers });
  ctx.res.end(body);
}

/** The `Authorization: Bearer` token, if any. */
export function bearerToken(ctx: RequestContext): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(ctx.headers.authorization ?? "");
  return match?.[1];
}

/** Request fields a fault's `when` filter and the log can match on: query, form, route params, host and method. */
export function matchFields(ctx: RequestContext): Record<string, string> {
  return { ...ctx.query, ...ctx.form, ...ctx.params, host: ctx.host, method: ctx.method };
}
