// A fake Kubernetes API server on loopback HTTPS for kubectl tests. It accepts a bearer token only if the fake
// Entra ID issued it (signature and expiry, through `verify`) for the cluster's server application (`aud`), as
// an AKS API server does, and answers `/api` and `/version` with the shapes kubectl expects. Every request is
// recorded (path, status, token) so tests can tell which token kubectl sent.
import { createServer, type Server } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { getTlsMaterial } from "./fake-entra/tls.js";

export interface KubeApiRequest {
  method: string;
  path: string;
  status: number;
  token: string | undefined;
}

export interface FakeKubeApi {
  url: string;
  /** The CA that signed the server's certificate (for `certificate-authority-data`). */
  caPem: string;
  requests: KubeApiRequest[];
  close(): Promise<void>;
}

export interface FakeKubeApiOptions {
  /** The cluster's Entra application: a token's `aud` must be exactly this. */
  serverId: string;
  /** The claims of a token the identity provider issued and that has not expired, else undefined. */
  verify(token: string): Record<string, unknown> | undefined;
}

export async function startFakeKubeApi(options: FakeKubeApiOptions): Promise<FakeKubeApi> {
  const tls = await getTlsMaterial();
  const requests: KubeApiRequest[] = [];
  const server: Server = createServer({ key: tls.leafKeyPem, cert: tls.leafPem }, (request, response) => {
    const token = /^Bearer (\S+)$/.exec(request.headers.authorization ?? "")?.[1];
    const status = answer(request, response, token, options, address());
    requests.push({ method: request.method ?? "", path: request.url ?? "", status, token });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = () => `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `https://${address()}`,
    caPem: tls.caPem,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(request: IncomingMessage, response: ServerResponse, token: string | undefined, options: FakeKubeApiOptions, address: string): number {
  const claims = token === undefined ? undefined : options.verify(token);
  if (!claims || claims.aud !== options.serverId) {
    return send(response, 401, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "Unauthorized", reason: "Unauthorized", code: 401 });
  }
  const path = (request.url ?? "").split("?")[0];
  if (request.method === "GET" && path === "/api") {
    return send(response, 200, { kind: "APIVersions", versions: ["v1"], serverAddressByClientCIDRs: [{ clientCIDR: "0.0.0.0/0", serverAddress: address }] });
  }
  if (request.method === "GET" && path === "/version") {
    return send(response, 200, { major: "1", minor: "32", gitVersion: "v1.32.0-fake", platform: "linux/amd64" });
  }
  return send(response, 404, { kind: "Status", apiVersion: "v1", metadata: {}, status: "Failure", message: "the server could not find the requested resource", reason: "NotFound", code: 404 });
}

function send(response: ServerResponse, status: number, body: unknown): number {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
  return status;
}
