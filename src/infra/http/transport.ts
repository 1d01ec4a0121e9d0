// One HTTP exchange over node:http/https: direct, through an HTTP CONNECT tunnel (https targets), or as an
// absolute-form request to a proxy (http targets). A single deadline covers connect, tunnel, TLS and the
// whole response; when it fires every socket of the exchange is destroyed.
import type { ClientRequest, IncomingMessage, OutgoingHttpHeaders } from "node:http";
import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect as netConnect, type Socket } from "node:net";
import { connect as tlsConnect, type ConnectionOptions } from "node:tls";
import type { HttpRequest, HttpResponse } from "../http-types.js";
import { type Hop, protocolError, proxyRefusedError, socketError, timeoutError } from "./net-errors.js";
import { bareHostname } from "./proxy.js";
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
  const headers: OutgoingHttpHeaders = { ...request.headers };
  if (request.body !== undefined) headers["Content-Length"] = Buffer.byteLength(request.body);
  const common = { method: request.method, headers };
  let req: ClientRequest;
  let viaProxy = false;

  if (target.protocol === "https:" && proxy) {
    const tunnel = await openTunnel(proxy, target, ca, hop, track);
    const secure = track(tlsConnect(verifiedTlsOptions(target, { socket: tunnel, ca })));
    // No `agent` here: with `agent: false` Node builds an Agent of its own and ignores createConnection.
    req = httpsRequest({ ...common, host: bareHostname(target), port: targetPort(target), path: pathOf(target), createConnection: () => secure });
  } else if (proxy) {
    // Absolute-form request to the proxy; the proxy connects to the target.
    viaProxy = true;
    Object.assign(headers, proxyAuthHeader(proxy), { Host: target.host });
    const send = proxy.protocol === "https:" ? httpsRequest : httpRequest;
    req = send({ ...common, agent: false, host: bareHostname(proxy), port: targetPort(proxy), path: target.href, ca });
  } else {
    const send = target.protocol === "https:" ? httpsRequest : httpRequest;
    req = send({ ...common, agent: false, host: bareHostname(target), port: targetPort(target), path: pathOf(target), ca });
  }
  track(req);
  return new Promise<HttpResponse>((resolve, reject) => {
    req.on("error", (error) => reject(socketError(error, hop, viaProxy)));
    req.on("response", (res) => readResponse(res, hop).then(resolve, reject));
    req.end(request.body);
  });
}

/**
 * The largest response body read. Token, ARM and managed-identity answers are a few KB (an ARM page of
 * subscriptions tens of KB); a server that sends more is broken or hostile, and buffering it would eat memory.
 */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

function readResponse(res: IncomingMessage, hop: Hop): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const tooLarge = () => protocolError(hop, `Response larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB; not read`);
    if (Number(res.headers["content-length"]) > MAX_RESPONSE_BYTES) {
      reject(tooLarge());
      return;
    }
    res.on("data", (chunk: Buffer) => {
      received += chunk.length;
      if (received > MAX_RESPONSE_BYTES) {
        reject(tooLarge());
        res.destroy();
        return;
      }
      chunks.push(chunk);
    });
    res.on("error", (error) => reject(socketError(error, hop, false)));
    res.on("aborted", () => reject(protocolError(hop, "Connection closed before the whole response arrived")));
    res.on("end", () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(res.headers)) {
        if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
      }
      resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString("utf8") });
    });
  });
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
