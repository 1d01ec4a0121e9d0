// Fixtures for the infra tests: loopback servers, a CONNECT/forward proxy, a throw-away CA, and esbuild
// bundles of our modules for child processes (children cannot import .ts).
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, writeFileSync } from "node:fs";
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { connect as netConnect, createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import forge from "node-forge";
import { REPO_ROOT } from "../../support/paths.js";

export function tempDir(prefix = "aztoken-infra-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export interface Listening<T> {
  server: T;
  port: number;
  close: () => Promise<void>;
  /** Connections accepted so far, and those still open. */
  accepted: () => number;
  open: () => number;
  /** Destroys the open connections and keeps listening. */
  drop: () => void;
}

export function listen<T extends Server | ReturnType<typeof createNetServer>>(server: T): Promise<Listening<T>> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  server.on("connection", (socket: Socket) => {
    accepted++;
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  const drop = () => {
    for (const socket of sockets) socket.destroy();
  };
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as AddressInfo).port;
      const close = () =>
        new Promise<void>((done) => {
          drop();
          server.close(() => done());
        });
      resolve({ server, port, close, accepted: () => accepted, open: () => sockets.size, drop });
    });
  });
}

/** Polls `condition` until it holds (or fails the test after `ms`). */
export async function until(condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** Records every request it gets and answers with `handler`. */
export async function startHttpServer(handler: Handler, tls?: { key: string; cert: string }) {
  const requests: { method: string; url: string; headers: IncomingMessage["headers"]; body: string }[] = [];
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      handler(req, body, res);
    });
  };
  const server = tls ? createHttpsServer(tls, onRequest) : createHttpServer(onRequest);
  return { ...(await listen(server)), requests };
}

export function json(res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { "Content-Type": "application/json", ...headers }).end(JSON.stringify(value));
}

/** A proxy for 127.0.0.1 targets: CONNECT tunnels and absolute-form forwarding; optional Basic auth. */
export async function startProxy(auth?: string) {
  const log: { kind: "connect" | "forward"; target: string; proxyAuthorization: string | undefined; host?: string }[] = [];
  const expected = auth ? `Basic ${Buffer.from(auth).toString("base64")}` : undefined;
  const server = createHttpServer((req, res) => {
    log.push({ kind: "forward", target: req.url ?? "", proxyAuthorization: req.headers["proxy-authorization"], host: req.headers.host });
    if (expected && req.headers["proxy-authorization"] !== expected) return void res.writeHead(407).end();
    const target = new URL(req.url ?? "");
    const headers = { ...req.headers };
    delete headers["proxy-authorization"];
    const upstream = httpRequest({ host: "127.0.0.1", port: target.port, path: target.pathname + target.search, method: req.method, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(upstream);
  });
  server.on("connect", (req: IncomingMessage, client: Socket, head: Buffer) => {
    log.push({ kind: "connect", target: req.url ?? "", proxyAuthorization: req.headers["proxy-authorization"] });
    if (expected && req.headers["proxy-authorization"] !== expected) {
      return void client.end("HTTP/1.1 407 Proxy Authentication Required\r\n\r\n");
    }
    const [host, port] = (req.url ?? "").split(":");
    if (host !== "127.0.0.1") return void client.end("HTTP/1.1 403 Forbidden\r\n\r\n");
    const upstream = netConnect(Number(port), "127.0.0.1", () => {
      client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
      if (head.length) upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    upstream.on("error", () => client.destroy());
    client.on("error", () => upstream.destroy());
  });
  return { ...(await listen(server)), log };
}

/** Accepts connections and never answers. */
export async function startSilentServer() {
  return listen(createNetServer(() => undefined));
}

/** A port with nothing listening on it. */
export async function closedPort(): Promise<number> {
  const { port, close } = await listen(createNetServer());
  await close();
  return port;
}

export interface TestPki {
  caPem: string;
  key: string;
  cert: string;
}

/** Subject alternative names as forge takes them: type 7 is an IP address, type 2 a DNS name. */
export type AltName = { type: 7; ip: string } | { type: 2; value: string };

/** A CA and a leaf (for 127.0.0.1/localhost unless `altNames` say otherwise) signed by it. Keys from node:crypto (fast), certificates by forge. */
export function makePki(commonName = "aztoken test CA", altNames: AltName[] = [{ type: 7, ip: "127.0.0.1" }, { type: 2, value: "localhost" }]): TestPki {
  const keyPair = () => {
    const { privateKey, publicKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
    return {
      privatePem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
      publicKey: forge.pki.publicKeyFromPem(publicKey.export({ type: "spki", format: "pem" }).toString()),
      privateKey: forge.pki.privateKeyFromPem(privateKey.export({ type: "pkcs1", format: "pem" }).toString()),
    };
  };
  const ca = keyPair();
  const leaf = keyPair();
  const certificate = (serial: string, subject: string, publicKey: forge.pki.PublicKey, extensions: object[]) => {
    const cert = forge.pki.createCertificate();
    cert.serialNumber = serial;
    cert.publicKey = publicKey;
    cert.validity.notBefore = new Date(Date.now() - 60_000);
    cert.validity.notAfter = new Date(Date.now() + 86_400_000);
    cert.setSubject([{ name: "commonName", value: subject }]);
    cert.setIssuer([{ name: "commonName", value: commonName }]);
    cert.setExtensions(extensions);
    cert.sign(ca.privateKey, forge.md.sha256.create());
    return forge.pki.certificateToPem(cert);
  };
  const caPem = certificate("01", commonName, ca.publicKey, [{ name: "basicConstraints", cA: true }, { name: "keyUsage", keyCertSign: true, cRLSign: true }]);
  const cert = certificate("02", "127.0.0.1", leaf.publicKey, [
    { name: "basicConstraints", cA: false },
    { name: "subjectAltName", altNames },
  ]);
  return { caPem, key: leaf.privatePem, cert };
}

export function writeTemp(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const bundles = new Map<string, Promise<string>>();

/** Bundles a module of ours (path relative to the repo) into one ESM file a plain `node` child can import. */
export function bundleForChild(entry: string): Promise<string> {
  let bundle = bundles.get(entry);
  if (!bundle) {
    const outfile = join(tempDir("aztoken-bundle-"), "bundle.mjs");
    bundle = build({ entryPoints: [join(REPO_ROOT, entry)], bundle: true, platform: "node", format: "esm", target: "node20", outfile, logLevel: "silent" }).then(() => outfile);
    bundles.set(entry, bundle);
  }
  return bundle;
}
