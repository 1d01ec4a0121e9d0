// The checks every request passes before any token is looked at: the Host header names the address we are
// bound to (a DNS-rebinding page reaches us under its own name), no browser origin, and the allow-list.
import { isIP } from "../../infra/net/ip.js";

export type Binding = { kind: "tcp"; host: string; port: number } | { kind: "socket"; path: string };

const LOOPBACK_NAMES = new Set(["localhost", "127.0.0.1", "[::1]"]);
/** The name Docker gives the host inside containers (`--add-host=host.docker.internal:host-gateway`). */
export const DOCKER_HOST_NAME = "host.docker.internal";

export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || (isIP(bare) === 4 && bare.startsWith("127."));
}

export function isUnspecified(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "");
  return bare === "0.0.0.0" || bare === "::";
}

/** How the bound address is written in a URL (IPv6 in brackets). */
export function urlHost(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

/**
 * True when the Host header names this server: its port, and a name that cannot be an attacker's DNS name. An
 * IP literal can never be rebound, so a wildcard bind accepts any; names are limited to loopback ones (loopback
 * bind), the bound name itself, and Docker's name for the host (non-loopback binds, which containers can reach).
 * Unix sockets are out of a browser's reach: any Host.
 */
export function hostAllowed(binding: Binding, header: string | undefined): boolean {
  if (binding.kind === "socket") return true;
  if (!header) return false;
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(header.trim().toLowerCase());
  if (!match) return false;
  const name = match[1]!;
  const port = match[2] === undefined ? 80 : Number(match[2]);
  if (port !== binding.port) return false;
  const bound = urlHost(binding.host.toLowerCase());
  if (name === bound) return true;
  if (isLoopback(binding.host)) return LOOPBACK_NAMES.has(name);
  if (name === DOCKER_HOST_NAME) return true;
  return isUnspecified(binding.host) && (LOOPBACK_NAMES.has(name) || isIP(name.replace(/^\[|\]$/g, "")) !== 0);
}

/** Browsers mark their requests with Origin (and Sec-Fetch-Site); SDKs and tools never send them. */
export function fromBrowser(headers: Readonly<Record<string, string | string[] | undefined>>): boolean {
  return headers.origin !== undefined || (headers["sec-fetch-site"] !== undefined && headers["sec-fetch-site"] !== "none");
}

/**
 * `--allow-resource` / `--allow-scope`: a resource R stands for the scope R/.default. Comparison ignores case,
 * trailing slashes and the `/.default` suffix, so `https://vault.azure.net/` allows `https://vault.azure.net`.
 * No list at all allows everything.
 */
export class AllowList {
  private readonly keys: Set<string> | undefined;

  constructor(resources: readonly string[] = [], scopes: readonly string[] = []) {
    const all = [...resources, ...scopes];
    this.keys = all.length > 0 ? new Set(all.map(scopeKey)) : undefined;
  }

  allows(scopes: readonly string[]): boolean {
    return this.keys === undefined || scopes.every((scope) => this.keys!.has(scopeKey(scope)));
  }
}

function scopeKey(scope: string): string {
  return scope.trim().replace(/\/+\.default$/i, "").replace(/\/+$/, "").toLowerCase();
}
