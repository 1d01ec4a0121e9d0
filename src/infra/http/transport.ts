// One HTTP exchange on a socket of its own: direct, through an HTTP CONNECT tunnel (https targets), or as an
// absolute-form request to a proxy (http targets). HTTP/1.1 itself is wire.ts (why not node:http: see there).
// A single deadline covers connect, tunnel, TLS and the whole response; when it fires every socket of the
// exchange is destroyed.
import { connect as netConnect, type Socket } from "node:net";
import type { ConnectionOptions } from "node:tls";
import type { HttpRequest, HttpResponse } from "../http-types.js";
import { type Hop, protocolError, proxyRefusedError, socketError, timeoutError } from "./net-errors.js";
import { bareHostname } from "./proxy.js";
import { ResponseParser, requestBytes, WireError, type WireResponse } from "./wire.js";
import { builtinModule } from "../builtin.js";
import { installFastIsIP, isIP } from "../net/ip.js";

installFastIsIP();

export interface Route {
  target: URL;
  proxy: URL | undefined;
}

/** Adds a socket to those of an exchange (destroyed when it ends) or of a connection opened ahead. */
type Track = <T extends Socket>(socket: T) => T;

/**
 * node:tls when a TLS connection is near, not when this module loads: it brings node:crypto with it, ~10-15 ms of
 * CPU, which a refresh spends while its connection opens (preconnect, loadTls) instead of before.
 */
const tls = () => builtinModule("node:tls");

/**
 * Loads node:tls ahead of the first TLS connection. Node 24 starts parsing its root certificates on another thread
 * as node:tls loads (10-15 ms of work on a small machine); loaded just before the handshake, the handshake waits for
 * that, loaded a little earlier, the caller's own code runs meanwhile.
 */
export function loadTls(): void {
  tls();
}

export async function sendOnce(request: HttpRequest, route: Route, ca: string[] | undefined, timeoutMs: number): Promise<HttpResponse> {
  const hop = hopOf(route);
  const sockets = new Set<Socket>();
  const track: Track = (socket) => {
    sockets.add(socket);
    return socket;
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
    for (const socket of sockets) socket.destroy();
  }
}

function hopOf(route: Route): Hop {
  return { host: route.target.host, ...(route.proxy ? { proxyHost: route.proxy.host } : {}) };
}

async function exchange(request: HttpRequest, route: Route, ca: string[] | undefined, hop: Hop, track: Track): Promise<HttpResponse> {
  const { target, proxy } = route;
  // An absolute-form request goes to the proxy, so any socket error is the proxy's; a tunnel's TLS errors are the target's.
  const viaProxy = proxy !== undefined && target.protocol !== "https:";
  let socket = await (takeWarm(route, track) ?? firstHop(route, ca, hop, track));
  if (target.protocol === "https:") socket = track(tls().connect(verifiedTlsOptions(target, { socket, ca })));
  const headers = viaProxy ? { ...request.headers, ...proxyAuthHeader(proxy) } : (request.headers ?? {});
  socket.write(requestBytes(request.method, viaProxy ? target.href : pathOf(target), target.host, headers, request.body));
  const response = await readResponse(socket, hop, viaProxy);
  return { status: response.status, headers: response.headers, body: response.body.toString("utf8") };
}

/**
 * The connection to the first hop, once it is up: a CONNECT tunnel for an https target behind a proxy, else a
 * connection to whoever gets the request (TLS to an https proxy, TCP to an http proxy or to the target).
 */
function firstHop({ target, proxy }: Route, ca: string[] | undefined, hop: Hop, track: Track): Promise<Socket> {
  if (proxy && target.protocol === "https:") return openTunnel(proxy, target, ca, hop, track);
  const to = proxy ?? target;
  const port = targetPort(to);
  if (to === proxy && proxy.protocol === "https:") return connected(track(tls().connect(verifiedTlsOptions(proxy, { port, ca }))), "secureConnect", hop, true);
  return connected(track(netConnect({ host: bareHostname(to), port })), "connect", hop, to === proxy);
}

function connected(socket: Socket, event: "connect" | "secureConnect", hop: Hop, viaProxy: boolean): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => reject(socketError(error, hop, viaProxy));
    socket.once("error", onError).once(event, () => {
      socket.off("error", onError);
      resolve(socket);
    });
  });
}

/**
 * Connections opened ahead of their request by preconnect(), one per route: the first request on the route takes
 * it. Each is unreferenced while it waits, so it never keeps a process alive, and leaves the map if it fails or
 * closes before it is taken (the request then connects as usual, and reports its own failure).
 */
const warm = new Map<string, WarmConnection>();

interface WarmConnection {
  socket: Promise<Socket>;
  sockets: Set<Socket>;
  /** A request took it: its sockets are that request's to close. */
  taken: boolean;
}

function routeKey({ target, proxy }: Route): string {
  return `${proxy?.href ?? "direct"} ${target.protocol}//${target.host}`;
}

/**
 * Starts connecting for a request on `route` that the caller is about to make: the TCP connection (and the CONNECT
 * tunnel) come up while the caller loads the code that builds the request. Nothing for an https proxy (TLS to
 * the proxy would load node:tls now). Returns the release to call once the request is made or abandoned.
 */
export function preconnect(route: Route): () => void {
  const key = routeKey(route);
  if (warm.has(key) || route.proxy?.protocol === "https:") return () => undefined;
  const sockets = new Set<Socket>();
  const entry: WarmConnection = {
    sockets,
    taken: false,
    socket: firstHop(route, undefined, hopOf(route), (socket) => {
      sockets.add(socket);
      // A connection that fails or closes while it waits is dropped: no unhandled 'error', no dead socket handed out.
      socket.unref().on("error", () => undefined).once("close", forget);
      return socket;
    }),
  };
  function forget() {
    if (warm.get(key) === entry) warm.delete(key);
  }
  entry.socket.catch(forget);
  warm.set(key, entry);
  return () => {
    forget();
    if (!entry.taken) for (const socket of sockets) socket.destroy();
  };
}

/** The warm connection for `route`, if one is still good, now counted among the request's own sockets. */
function takeWarm(route: Route, track: Track): Promise<Socket> | undefined {
  const key = routeKey(route);
  const entry = warm.get(key);
  if (!entry) return undefined;
  warm.delete(key);
  entry.taken = true;
  for (const socket of entry.sockets) track(socket).ref();
  return entry.socket;
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
  // Through a CONNECT tunnel the answer is the target's own (TLS end to end): the proxy is not to blame.
  return protocolError(viaProxy ? hop : { host: hop.host }, error.message);
}

/** CONNECT host:port through the proxy; resolves with the raw socket once the proxy answers 2xx. */
function openTunnel(proxy: URL, target: URL, ca: string[] | undefined, hop: Hop, track: Track): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const host = bareHostname(proxy);
    const port = targetPort(proxy);
    const socket: Socket = track(proxy.protocol === "https:" ? tls().connect(verifiedTlsOptions(proxy, { port, ca })) : netConnect({ host, port }));
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
