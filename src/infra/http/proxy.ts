// Proxy selection from the environment, reproducing Python requests 2.28 (what az and MSAL Python use):
// urllib's getproxies_environment() (lower-case names win; an empty lower-case variable disables the
// upper-case one) plus requests' should_bypass_proxies(), which is the union of requests' own NO_PROXY
// check and urllib's proxy_bypass_environment(). Loopback and IMDS addresses are proxied like any other
// host unless NO_PROXY says otherwise, exactly as az does.
import { isIPv4 } from "node:net";
import type { Env } from "../deps.js";

/** `<scheme>_proxy` variables as urllib reads them: keys are lower-case schemes ("https", "http", "all", "no"). */
export function proxiesFromEnv(env: Env): Map<string, string> {
  const proxies = new Map<string, string>();
  const entries = Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined);
  // Pass 1: any case, non-empty values.
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    if (value && lower.endsWith("_proxy")) proxies.set(lower.slice(0, -6), value);
  }
  // CVE-2016-1000110: under CGI an upper-case HTTP_PROXY may come from a client's "Proxy:" header.
  if ("REQUEST_METHOD" in env && env.REQUEST_METHOD !== undefined) proxies.delete("http");
  // Pass 2: names ending in a lower-case "_proxy" win; an empty one removes the entry.
  for (const [name, value] of entries) {
    if (!name.endsWith("_proxy")) continue;
    const key = name.toLowerCase().slice(0, -6);
    if (value) proxies.set(key, value);
    else proxies.delete(key);
  }
  return proxies;
}

/** The proxy for `url`, or undefined to connect directly. */
export function selectProxy(url: URL, env: Env): URL | undefined {
  const hostname = bareHostname(url);
  const proxies = proxiesFromEnv(env);
  if (shouldBypassProxy(url, env, proxies)) return undefined;
  const scheme = url.protocol.slice(0, -1);
  const raw = proxies.get(`${scheme}://${hostname}`) ?? proxies.get(scheme) ?? proxies.get(`all://${hostname}`) ?? proxies.get("all");
  return raw === undefined ? undefined : parseProxyUrl(raw);
}

export class InvalidProxyError extends Error {
  override name = "InvalidProxyError";
}

/** requests prepends "http://" to a proxy given without a scheme. Only http and https proxies are supported. */
export function parseProxyUrl(raw: string): URL {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
  let proxy: URL;
  try {
    proxy = new URL(withScheme);
  } catch {
    throw new InvalidProxyError("Please check proxy URL. It is malformed and could be missing the host.");
  }
  if (proxy.protocol !== "http:" && proxy.protocol !== "https:") {
    throw new InvalidProxyError(`Unsupported proxy scheme '${proxy.protocol.slice(0, -1)}' (only http and https proxies are supported).`);
  }
  if (!proxy.hostname) throw new InvalidProxyError("Please check proxy URL. It is malformed and could be missing the host.");
  return proxy;
}

export function shouldBypassProxy(url: URL, env: Env, proxies = proxiesFromEnv(env)): boolean {
  const hostname = bareHostname(url);
  if (!hostname) return true;
  // requests: `os.environ.get("no_proxy") or os.environ.get("NO_PROXY")` (an empty lower-case value falls through).
  const noProxy = env.no_proxy || env.NO_PROXY;
  if (noProxy && requestsBypass(hostname, url.port, noProxy)) return true;
  const envNoProxy = proxies.get("no");
  return envNoProxy !== undefined && urllibBypass(hostname, envNoProxy);
}

/** requests.utils.should_bypass_proxies, first half: plain suffix match (no dot boundary!), CIDR for IPv4. */
function requestsBypass(hostname: string, port: string, noProxy: string): boolean {
  const entries = noProxy.replace(/ /g, "").split(",").filter(Boolean);
  if (isIPv4(hostname)) {
    return entries.some((entry) => (isValidCidr(entry) ? inNetwork(hostname, entry) : hostname === entry));
  }
  const hostWithPort = port ? `${hostname}:${port}` : hostname;
  return entries.some((entry) => hostname.endsWith(entry) || hostWithPort.endsWith(entry));
}

/** urllib.request.proxy_bypass_environment: "*" alone, else exact or dot-boundary suffix, case-insensitive. */
function urllibBypass(hostname: string, noProxy: string): boolean {
  if (noProxy === "*") return true;
  const host = hostname.toLowerCase();
  for (const raw of noProxy.split(",")) {
    const name = raw.trim().replace(/^\.+/, "").toLowerCase();
    if (!name) continue;
    if (host === name || host.endsWith(`.${name}`)) return true;
  }
  return false;
}

function isValidCidr(entry: string): boolean {
  const parts = entry.split("/");
  if (parts.length !== 2 || !/^\d+$/.test(parts[1]!)) return false;
  const mask = Number(parts[1]);
  return mask >= 1 && mask <= 32 && isIPv4(parts[0]!);
}

function inNetwork(ip: string, cidr: string): boolean {
  const [net, bits] = cidr.split("/") as [string, string];
  const mask = Number(bits) === 32 ? 0xffffffff : ~(0xffffffff >>> Number(bits)) >>> 0;
  return ((ipv4ToInt(ip) & mask) >>> 0) === ((ipv4ToInt(net) & mask) >>> 0);
}

function ipv4ToInt(ip: string): number {
  return ip.split(".").reduce((acc, octet) => ((acc << 8) | Number(octet)) >>> 0, 0);
}

/** WHATWG URL keeps IPv6 brackets in `hostname`; Python's urlparse does not. */
export function bareHostname(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, "$1");
}
