import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { X509Certificate } from "node:crypto";
import { request as httpRequest } from "node:http";
import { connect as tlsConnect } from "node:tls";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeRequest, startFakeEntra, type FakeEntra } from "../../support/fake-entra/index.js";
import { AUTHORITY } from "./helpers.js";

let fake: FakeEntra;
beforeAll(async () => {
  fake = await startFakeEntra({ extraHosts: ["myvault.vault.azure.net"] });
});
afterAll(() => fake.close());

function rawConnect(target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: fake.httpPort, method: "CONNECT", path: target, agent: false });
    req.once("connect", (res, socket) => {
      socket.destroy();
      resolve(res.statusCode ?? 0);
    });
    req.once("error", reject);
    req.end();
  });
}

describe("TLS material", () => {
  it("writes the CA to caPath and signs a leaf covering the Azure hosts, loopback and extra hosts", async () => {
    expect(readFileSync(fake.caPath, "utf8")).toBe(fake.caPem);
    const ca = new X509Certificate(fake.caPem);
    expect(ca.ca).toBe(true);
    const leaf = await new Promise<X509Certificate>((resolve, reject) => {
      const socket = tlsConnect({ host: "127.0.0.1", port: fake.httpsPort, servername: "localhost", ca: fake.caPem }, () => {
        resolve(socket.getPeerX509Certificate()!);
        socket.destroy();
      });
      socket.once("error", reject);
    });
    expect(leaf.checkIssued(ca)).toBe(true);
    for (const host of ["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "management.azure.com", "management.core.windows.net", "graph.microsoft.com", "localhost", "myvault.vault.azure.net"]) {
      expect(leaf.subjectAltName).toContain(`DNS:${host}`);
    }
    expect(leaf.subjectAltName).toContain("IP Address:127.0.0.1");
  });

  it("starts fast once the key material is cached", async () => {
    const started = Date.now();
    const second = await startFakeEntra();
    const elapsed = Date.now() - started;
    await second.close();
    expect(elapsed).toBeLessThan(300);
    expect(existsSync(second.dir)).toBe(false);
  });
});

describe("HTTPS via CONNECT", () => {
  it.each([
    "https://login.microsoftonline.com/organizations/v2.0/.well-known/openid-configuration",
    "https://login.windows.net/organizations/v2.0/.well-known/openid-configuration",
    "https://login.microsoft.com/organizations/v2.0/.well-known/openid-configuration",
    "https://myvault.vault.azure.net/organizations/v2.0/.well-known/openid-configuration",
  ])("verifies the certificate for %s and answers", async (url) => {
    const res = await fakeRequest(fake, url);
    expect(res.status).toBe(200);
    expect(res.json().token_endpoint).toBe(`${new URL(url).origin}/organizations/oauth2/v2.0/token`);
  });

  it("logs tunnelled requests with the real host and transport", async () => {
    await fakeRequest(fake, `${AUTHORITY}/common/discovery/instance?api-version=1.1&authorization_endpoint=${AUTHORITY}/common/oauth2/authorize`);
    const entry = fake.log.byRoute("instance-discovery").at(-1)!;
    expect(entry).toMatchObject({ transport: "https-tunnel", host: "login.microsoftonline.com", path: "/common/discovery/instance", status: 200 });
    expect(entry.query["api-version"]).toBe("1.1");
    expect(fake.log.connects.some((c) => c.target === "login.microsoftonline.com:443" && c.accepted)).toBe(true);
  });

  it("refuses tunnels to hosts it does not serve, without connecting anywhere", async () => {
    expect(await rawConnect("example.com:443")).toBe(502);
    expect(fake.log.connects.at(-1)).toMatchObject({ target: "example.com:443", accepted: false });
  });

  it("tunnels port 80 to its plain HTTP side (IMDS through CONNECT)", async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port: fake.httpPort, method: "CONNECT", path: "169.254.169.254:80", agent: false });
      req.once("connect", (_res, socket) => {
        socket.write("GET /metadata/identity/oauth2/token?resource=https://vault.azure.net&api-version=2018-02-01 HTTP/1.1\r\nHost: 169.254.169.254\r\nMetadata: true\r\nConnection: close\r\n\r\n");
        socket.once("data", (chunk: Buffer) => {
          resolve(Number(chunk.toString().split(" ")[1]));
          socket.destroy();
        });
      });
      req.once("error", reject);
      req.end();
    });
    expect(status).toBe(200);
    expect(fake.log.byRoute("imds").at(-1)?.transport).toBe("http-tunnel");
  });
});

describe("plain HTTP proxy and direct access", () => {
  it("serves absolute-form proxy requests for IMDS", async () => {
    const res = await fakeRequest(fake, "http://169.254.169.254/metadata/identity/oauth2/token?resource=https://vault.azure.net&api-version=2018-02-01", { headers: { Metadata: "true" } });
    expect(res.status).toBe(200);
    expect(fake.log.byRoute("imds").at(-1)?.transport).toBe("http-proxy");
  });

  it("answers 502 to absolute-form requests for hosts it does not serve", async () => {
    const res = await fakeRequest(fake, "http://example.com/");
    expect(res.status).toBe(502);
  });

  it("routes by Host header on its HTTPS port", async () => {
    const res = await fakeRequest(fake, `${AUTHORITY}/organizations/v2.0/.well-known/openid-configuration`, { via: "direct" });
    expect(res.status).toBe(200);
    expect(fake.log.entries.at(-1)?.transport).toBe("https");
    // ARM paths are not Entra paths: the host decides the family.
    const wrongFamily = await fakeRequest(fake, `${AUTHORITY}/tenants?api-version=2019-11-01`, { via: "direct" });
    expect(wrongFamily.status).toBe(404);
  });

  it("lets a child process trust the CA through NODE_EXTRA_CA_CERTS", async () => {
    const script = `
      const https = require("node:https");
      https.get({ host: "127.0.0.1", port: ${fake.httpsPort}, servername: "login.microsoftonline.com",
        path: "/organizations/v2.0/.well-known/openid-configuration", headers: { Host: "login.microsoftonline.com" } },
        (res) => { console.log(res.statusCode); res.resume(); }).on("error", (e) => { console.log(e.code); });`;
    const { stdout } = await promisify(execFile)(process.execPath, ["-e", script], { env: { ...process.env, ...fake.env } });
    expect(stdout.trim()).toBe("200");
  });

  it("exposes the environment a child process needs", () => {
    expect(fake.env).toMatchObject({ HTTPS_PROXY: fake.proxyUrl, NODE_EXTRA_CA_CERTS: fake.caPath, NO_PROXY: "" });
  });
});
