// Turns Node socket/TLS errors into one-line NetworkErrors that name the host and the cause. Messages carry
// host names and error codes only: never URLs (query strings may hold secrets), never stack traces.
import { NetworkError } from "../../core/errors.js";

export type NetworkFailure = "timeout" | "refused" | "dns" | "reset" | "unreachable" | "tls" | "proxy" | "protocol" | "other";

export class HttpNetworkError extends NetworkError {
  override name = "HttpNetworkError";
  readonly host: string;
  readonly failure: NetworkFailure;
  /** Node's error code when there was one (ECONNREFUSED, SELF_SIGNED_CERT_IN_CHAIN, ...). */
  readonly code: string | undefined;

  constructor(message: string, host: string, failure: NetworkFailure, code?: string) {
    super(message);
    this.host = host;
    this.failure = failure;
    this.code = code;
  }
}

/** Where the failing connection was going: the target itself, or a proxy on the way to it. */
export interface Hop {
  host: string;
  proxyHost?: string;
}

const TLS_TRUST_CODES = new Set([
  "SELF_SIGNED_CERT_IN_CHAIN",
  "DEPTH_ZERO_SELF_SIGNED_CERT",
  "UNABLE_TO_VERIFY_LEAF_SIGNATURE",
  "UNABLE_TO_GET_ISSUER_CERT",
  "UNABLE_TO_GET_ISSUER_CERT_LOCALLY",
  "CERT_UNTRUSTED",
  "CERT_SIGNATURE_FAILURE",
]);
const TRUST_HINT = "If a proxy or firewall inspects TLS traffic, set REQUESTS_CA_BUNDLE to a PEM file with its CA certificate.";

const SOCKET_CAUSES: Record<string, [NetworkFailure, string]> = {
  ECONNREFUSED: ["refused", "connection refused"],
  ENOTFOUND: ["dns", "host not found"],
  EAI_AGAIN: ["dns", "temporary failure in name resolution"],
  ECONNRESET: ["reset", "connection reset"],
  EPIPE: ["reset", "connection closed by the server"],
  ENETUNREACH: ["unreachable", "network unreachable"],
  EHOSTUNREACH: ["unreachable", "host unreachable"],
  EADDRNOTAVAIL: ["unreachable", "address not available"],
  ETIMEDOUT: ["timeout", "connection timed out"],
};

export function timeoutError(hop: Hop, timeoutMs: number): HttpNetworkError {
  const via = hop.proxyHost ? ` (via proxy ${hop.proxyHost})` : "";
  return new HttpNetworkError(`Connection to ${hop.host}${via} timed out after ${formatSeconds(timeoutMs)} s`, hop.host, "timeout");
}

export function proxyRefusedError(hop: Hop & { proxyHost: string }, status: number, reason: string): HttpNetworkError {
  return new HttpNetworkError(
    `Proxy ${hop.proxyHost} refused to connect to ${hop.host}: HTTP ${status}${reason ? ` ${reason}` : ""}`,
    hop.host,
    "proxy",
  );
}

export function protocolError(hop: Hop, what: string): HttpNetworkError {
  return new HttpNetworkError(`${what} (${hop.proxyHost ? `proxy ${hop.proxyHost} for ` : ""}${hop.host})`, hop.host, "protocol");
}

/** `error` came from a socket to the proxy when `viaProxy`, else from the connection to the target. */
export function socketError(error: unknown, hop: Hop, viaProxy: boolean): HttpNetworkError {
  if (error instanceof HttpNetworkError) return error;
  const code = errorCode(error);
  const where = viaProxy ? `proxy ${hop.proxyHost} for ${hop.host}` : hop.host;
  if (code && TLS_TRUST_CODES.has(code)) {
    return new HttpNetworkError(`TLS connection to ${where} failed: certificate not trusted (${code}). ${TRUST_HINT}`, hop.host, "tls", code);
  }
  if (code === "ERR_TLS_CERT_ALTNAME_INVALID") {
    return new HttpNetworkError(`TLS connection to ${where} failed: the certificate does not match the host name`, hop.host, "tls", code);
  }
  if (code === "CERT_HAS_EXPIRED" || code === "CERT_NOT_YET_VALID") {
    return new HttpNetworkError(`TLS connection to ${where} failed: the certificate is expired or not yet valid (${code})`, hop.host, "tls", code);
  }
  if (code && (code.startsWith("ERR_SSL") || code.startsWith("ERR_TLS") || code === "EPROTO")) {
    return new HttpNetworkError(`TLS connection to ${where} failed (${code})`, hop.host, "tls", code);
  }
  const known = code ? SOCKET_CAUSES[code] : undefined;
  if (known) return new HttpNetworkError(`Failed to connect to ${where}: ${known[1]}`, hop.host, viaProxy ? "proxy" : known[0], code);
  const detail = code ?? (error instanceof Error ? error.message.split("\n")[0] : String(error));
  return new HttpNetworkError(`Request to ${where} failed: ${detail}`, hop.host, viaProxy ? "proxy" : "other", code);
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function formatSeconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}
