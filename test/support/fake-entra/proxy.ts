// The HTTP CONNECT side of the proxy. A tunnel to a host the fake serves is handed to the fake's own TLS (or plain
// HTTP) server in-process by emitting 'connection' with the client's socket, so no second socket exists and
// nothing ever connects outward. Tunnels to other hosts are refused with 502.
import type { IncomingMessage, Server as HttpServer } from "node:http";
import type { Server as HttpsServer } from "node:https";
import type { Duplex } from "node:stream";
import type { Socket } from "node:net";
import type { RequestLog } from "./request-log.js";

export interface TunnelTargets {
  https: HttpsServer;
  http: HttpServer;
  httpPort: () => number;
  isServedHost: (host: string) => boolean;
  log: RequestLog;
  /** Raw client sockets that now carry a tunnel, so requests on them are logged as proxied. */
  tunneled: WeakSet<object>;
}

export function splitHostPort(authority: string): { host: string; port: number } {
  const match = /^\[?([^\]]+?)\]?(?::(\d+))?$/.exec(authority);
  return { host: (match?.[1] ?? authority).toLowerCase(), port: Number(match?.[2] ?? 443) };
}

export function handleConnect(req: IncomingMessage, clientSocket: Duplex, head: Buffer, targets: TunnelTargets): void {
  const socket = clientSocket as Socket;
  const target = req.url ?? "";
  const { host, port } = splitHostPort(target);
  const accepted = targets.isServedHost(host);
  targets.log.connect(target, accepted);
  if (!accepted) {
    const body = `fake-entra does not serve ${host}\n`;
    socket.end(`HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    return;
  }
  socket.write("HTTP/1.1 200 Connection Established\r\n\r\n");
  if (head.length > 0) socket.unshift(head);
  targets.tunneled.add(socket);
  // Port 80 (e.g. IMDS through CONNECT) and the fake's own plain port speak HTTP; everything else TLS.
  const plain = port === 80 || port === targets.httpPort();
  (plain ? targets.http : targets.https).emit("connection", socket);
}
