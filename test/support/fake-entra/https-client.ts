// A tiny client for tests: sends a request for a real-looking URL (https://login.microsoftonline.com/…,
// http://169.254.169.254/…) to the fake, through its proxy (CONNECT + TLS with the fake's CA, or absolute-form for
// http) or straight to its HTTPS port with the Host header set. It only ever connects to 127.0.0.1.
import { readFileSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders, type ClientRequest, type RequestOptions } from "node:http";
import { connect as tlsConnect } from "node:tls";
import type { Duplex } from "node:stream";

export interface FakeRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  /** A string is sent as is; an object as an `application/x-www-form-urlencoded` form. */
  body?: string | Record<string, string>;
  /** `proxy` (default): as a client with HTTPS_PROXY would. `direct`: to the HTTPS/HTTP port, Host header decides. */
  via?: "proxy" | "direct";
  timeoutMs?: number;
}

export interface FakeResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  json<T = Record<string, unknown>>(): T;
}

export interface FakeEndpoint {
  httpPort: number;
  httpsPort: number;
  caPem?: string;
  caPath?: string;
}

export async function fakeRequest(fake: FakeEndpoint, url: string, options: FakeRequestOptions = {}): Promise<FakeResponse> {
  const target = new URL(url);
  const secure = target.protocol === "https:";
  const ca = fake.caPem ?? readFileSync(fake.caPath ?? "", "utf8");
  const body = typeof options.body === "object" ? new URLSearchParams(options.body).toString() : options.body;
  const headers: Record<string, string> = { Host: target.host, ...options.headers };
  if (typeof options.body === "object") headers["Content-Type"] ??= "application/x-www-form-urlencoded";
  if (body !== undefined) headers["Content-Length"] = String(Buffer.byteLength(body));
  const base: RequestOptions = { method: options.method ?? (body === undefined ? "GET" : "POST"), headers, agent: false };
  const via = options.via ?? "proxy";

  let req: ClientRequest;
  if (!secure && via === "proxy") {
    // Absolute-form request to the proxy, as HTTP_PROXY clients send for http:// URLs.
    req = httpRequest({ ...base, host: "127.0.0.1", port: fake.httpPort, path: target.toString() });
  } else if (!secure) {
    req = httpRequest({ ...base, host: "127.0.0.1", port: fake.httpPort, path: target.pathname + target.search });
  } else {
    const stream = via === "proxy" ? await openTunnel(fake.httpPort, target, ca) : tlsConnect({ host: "127.0.0.1", port: fake.httpsPort, servername: target.hostname, ca });
    // No agent: Node only uses createConnection when the agent option is absent.
    const { agent: _none, ...noAgent } = base;
    req = httpRequest({ ...noAgent, path: target.pathname + target.search, createConnection: () => stream });
  }
  return await send(req, body, options.timeoutMs ?? 10_000);
}

/** CONNECT through the proxy, then TLS to the named host inside the tunnel (verified against the fake's CA). */
function openTunnel(proxyPort: number, target: URL, ca: string): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    const authority = `${target.hostname}:${target.port || 443}`;
    const connect = httpRequest({ host: "127.0.0.1", port: proxyPort, method: "CONNECT", path: authority, headers: { Host: authority }, agent: false });
    connect.once("connect", (res, socket) => {
      if (res.statusCode !== 200) {
        socket.destroy();
        reject(new Error(`CONNECT ${authority} answered ${res.statusCode}`));
        return;
      }
      const secure = tlsConnect({ socket, servername: target.hostname, ca });
      secure.once("secureConnect", () => resolve(secure));
      secure.once("error", reject);
    });
    connect.once("error", reject);
    connect.end();
  });
}

function send(req: ClientRequest, body: string | undefined, timeoutMs: number): Promise<FakeResponse> {
  return new Promise((resolve, reject) => {
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`fake request timed out after ${timeoutMs} ms`)));
    req.once("error", reject);
    req.once("response", (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.once("error", reject);
      res.once("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        res.socket?.destroy();
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json: <T>() => JSON.parse(text) as T });
      });
    });
    req.end(body);
  });
}
