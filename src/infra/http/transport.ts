// One HTTP exchange on a socket of its own: direct, through an HTTP CONNECT tunnel (https targets), or as an
// absolute-form request to a proxy (http targets). HTTP/1.1 itself is wire.ts (why not node:http: see there).
// A single deadline covers connect, tunnel, TLS and the whole response; when it fires every socket of the
// exchange is destroyed.
import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect, type ConnectionOptions } from "node:tls";
import type { HttpRequest, HttpResponse } from "../http-types.js";
import { type Hop, protocolError, proxyRefusedError, socketError, timeoutError } from "./net-errors.js";
import { bareHostname } from "./proxy.js";
import { ResponseParser, requestBytes, WireError, type WireResponse } from "./wire.js";
import { installFastIsIP, isIP } from "../net/ip.js";

installFastIsIP();

export interface Route {
  target: URL;
  proxy: URL | undefined;
}

interface Destroyable {
  destroy(): void;
}

export async function sendOnce(request: HttpRequest, route: Route, ca: string[] | undefined, timeoutMs: number): Promise<HttpResponse> {
  const hop: Hop = { host: route.target.host, ...(route.proxy ? { proxyHost: route.proxy.host } : {}) };
  const resources = new Set<Destroyable>();
  const track = <T extends Destroyable>(resource: T): T => {
    resources.add(resource);
    return resource;
  };
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(timeoutError(hop, timeoutMs)), timeoutMs);
  });
  const work = exchange(request, route, ca, hop, track);
  work.catch(() => undefined); // settles after a time-out too; its outcome no longer matters
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    for (const resource of resources) resource.destroy();
  }
}

async function exchange(
  request: HttpRequest,
  { target, proxy }: Route,
  ca: string[] | undefined,
  hop: Hop,
  track: <T extends Destroyable>(r: T) => T,
): Promise<HttpResponse> {
  let socket: Socket;
  let requestTarget = pathOf(target);
  let headers = request.headers ?? {};
  let viaProxy = false;
  if (target.protocol === "https:" && proxy) {
    const tunnel = await openTunnel(proxy, target, ca, hop, track);
    socket = track(tlsConnect(verifiedTlsOptions(target, { socket: tunnel, ca })));
  } else if (proxy) {
    // Absolute-form request to the proxy; the proxy connects to the target.
    viaProxy = true;
    requestTarget = target.href;
    headers = { ...headers, ...proxyAuthHeader(proxy) };
    socket = track(connectTo(proxy, ca));
  } else {
    socket = track(connectTo(target, ca));
  }
  // Written at once: a socket still connecting (or shaking hands) sends it when it can.
  socket.write(requestBytes(request.method, requestTarget, target.host, headers, request.body));
  const response = await readResponse(socket, hop, viaProxy);
  return { status: response.status, headers: response.headers, body: response.body.toString("utf8") };
}

/** A TCP or (https URL) TLS connection to `url`'s host and port. */
function connectTo(url: URL, ca: string[] | undefined): Socket {
  const port = targetPort(url);
  return url.protocol === "https:" ? tlsConnect(verifiedTlsOptions(url, { port, ca })) : netConnect({ host: bareHostname(url), port });
}

/**
 * The largest response body read. Token, ARM and managed-identity answers are a few KB (an ARM page of
 * subscriptions tens of KB); a server that sends more is broken or hostile, and buffering it would eat memory.
 */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/** The response on `socket`, read until complete; socket errors come from the proxy when `viaProxy`. */
function readResponse(socket: Socket, hop: Hop, viaProxy: boolean): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const parser = new ResponseParser(MAX_RESPONSE_BYTES, `Response larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB; not read`);
    let settled = false;
    const settle = (read: () => WireResponse | undefined) => {
      if (settled) return;
      try {
        const response = read();
        if (!response) return;
        settled = true;
        resolve(response);
      } catch (error) {
        settled = true;
        reject(wireError(error, hop, viaProxy));
      }
    };
    socket.on("data", (chunk: Buffer) => settle(() => parser.push(chunk)));
    socket.on("end", () => settle(() => parser.end()));
    socket.on("error", (error) => {
      if (settled) return;
      settled = true;
      reject(socketError(error, hop, viaProxy));
    });
    // closed without 'end' (destroyed, or reset after an error already reported)
    socket.on("close", () => settle(() => parser.end()));
  });
}

function wireError(error: unknown, hop: Hop, viaProxy: boolean): unknown {
  if (!(error instanceof WireError)) return error;
  // Node's wording for a connection that closes before answering: "socket hang up", reported as ECONNRESET.
  if (error.failure === "hangup") return socketError(Object.assign(new Error(error.message), { code: "ECONNRESET" }), hop, viaProxy);
  return protocolError(hop, error.message);
}

/** CONNECT host:port through the proxy; resolves with the raw socket once the proxy answers 2xx. */
function openTunnel(proxy: URL, target: URL, ca: string[] | undefined, hop: Hop, track: <T extends Destroyable>(r: T) => T): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const host = bareHostname(proxy);
    const port = targetPort(proxy);
    const socket: Socket = track(proxy.protocol === "https:" ? tlsConnect(verifiedTlsOptions(proxy, { port, ca })) : netConnect({ host, port }));
    const authority = `${target.hostname}:${targetPort(target)}`;
    const auth = Object.entries(proxyAuthHeader(proxy)).map(([k, v]) => `${k}: ${v}\r\n`).join("");
    socket.write(`CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth}\r\n`);

    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf("\r\n\r\n");
      if (end < 0) {
        if (head.length > 16_384) fail(protocolError(hop, "Proxy sent an oversized CONNECT response"));
        return;
      }
      cleanup();
      const statusLine = head.subarray(0, head.indexOf("\r\n")).toString("latin1");
      const match = /^HTTP\/\d(?:\.\d)? (\d{3}) ?(.*)$/.exec(statusLine);
      const status = match ? Number(match[1]) : 0;
      if (status < 200 || status > 299) {
        reject(match ? proxyRefusedError({ ...hop, proxyHost: proxy.host }, status, match[2] ?? "") : protocolError(hop, "Proxy sent an invalid CONNECT response"));
        return;
      }
      const rest = head.subarray(end + 4);
      if (rest.length > 0) socket.unshift(rest);
      resolve(socket);
    };
    const onError = (error: Error) => fail(socketError(error, hop, true));
    const onClose = () => fail(protocolError(hop, "Proxy closed the connection before answering CONNECT"));
    const fail = (error: Error) => {
      cleanup();
      reject(error);
    };
    const cleanup = () => {
      socket.off("data", onData).off("error", onError).off("close", onClose);
    };
    socket.on("data", onData).on("error", onError).on("close", onClose);
  });
}

/** `Proxy-Authorization: Basic` from credentials in the proxy URL (percent-decoded, as requests does). */
function proxyAuthHeader(proxy: URL): Record<string, string> {
  if (!proxy.username && !proxy.password) return {};
  const credentials = `${decodeURIComponent(proxy.username)}:${decodeURIComponent(proxy.password)}`;
  return { "Proxy-Authorization": `Basic ${Buffer.from(credentials, "utf8").toString("base64")}` };
}

function targetPort(url: URL): number {
  return url.port ? Number(url.port) : url.protocol === "https:" ? 443 : 80;
}

function pathOf(url: URL): string {
  return `${url.pathname}${url.search}`;
}

/**
 * TLS options that verify the certificate against `url`'s host. Node checks the name in `servername`, else
 * `host`, else "localhost": a TLS socket over an existing one (a CONNECT tunnel) has no `host` of its own, so
 * without both an IP-address target would be checked against "localhost". `host` is always set (IP literals
 * are checked against the certificate's IP addresses); SNI is only sent for names, never for IP literals.
 */
function verifiedTlsOptions<T extends ConnectionOptions>(url: URL, options: T): T & { host: string; servername?: string } {
  const host = bareHostname(url);
  return { ...options, host, ...(isIP(host) ? {} : { servername: host }) };
}
