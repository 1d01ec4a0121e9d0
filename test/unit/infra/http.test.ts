import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../../../src/core/logger.js";
import { NetworkError } from "../../../src/core/errors.js";
import { createHttpClient, tokenRetryPolicy, withRetries } from "../../../src/infra/http.js";
import { createServer as createNetServer } from "node:net";
import { bundleForChild, closedPort, json, listen, makePki, startHttpServer, startProxy, startSilentServer, tempDir, until, writeTemp, type TestPki } from "./support.js";

const NO_PROXY_ENV = {}; // the tests pass env explicitly; the process environment is never read

describe("direct requests", () => {
  it("sends method, headers and body; returns status, lower-case headers and body", async () => {
    const server = await startHttpServer((_req, body, res) => json(res, 201, { echo: body }, { "X-Thing": "1" }));
    try {
      const client = createHttpClient({ env: NO_PROXY_ENV });
      const response = await client.send({ method: "POST", url: `http://127.0.0.1:${server.port}/a?b=c`, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "x=é" });
      expect(response).toMatchObject({ status: 201, body: JSON.stringify({ echo: "x=é" }) });
      expect(response.headers["x-thing"]).toBe("1");
      expect(server.requests[0]).toMatchObject({ method: "POST", url: "/a?b=c", body: "x=é" });
      expect(server.requests[0]!.headers["content-length"]).toBe(String(Buffer.byteLength("x=é")));
    } finally {
      await server.close();
    }
  });

  it("refused connection → one-line NetworkError naming the host", async () => {
    const port = await closedPort();
    const error = await createHttpClient({ env: {} }).send({ method: "GET", url: `http://127.0.0.1:${port}/x?client_secret=s3cr3t` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toBe(`Failed to connect to 127.0.0.1:${port}: connection refused`);
  });

  it("times out against a server that accepts and never answers", async () => {
    const silent = await startSilentServer();
    try {
      const started = Date.now();
      const client = createHttpClient({ env: {}, timeoutMs: 5_000 });
      const error = await client.send({ method: "GET", url: `http://127.0.0.1:${silent.port}/`, timeoutMs: 300 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as Error).message).toBe(`Connection to 127.0.0.1:${silent.port} timed out after 0.3 s`);
      expect(Date.now() - started).toBeLessThan(2_000);
    } finally {
      await silent.close();
    }
  });

  it("the time-out covers a response body that never finishes", async () => {
    const server = await startHttpServer((_req, _body, res) => res.writeHead(200).write("partial"));
    try {
      const error = await createHttpClient({ env: {}, timeoutMs: 300 }).send({ method: "GET", url: `http://127.0.0.1:${server.port}/` }).catch((e: unknown) => e);
      expect((error as Error).message).toMatch(/timed out after 0\.3 s/);
    } finally {
      await server.close();
    }
  });
});

describe("response size (issue 11)", () => {
  it.each([
    ["announced in Content-Length", true],
    ["streamed without a length", false],
  ])("a body over 4 MiB %s is refused on one line instead of being buffered", async (_label, announced) => {
    const chunk = Buffer.alloc(64 * 1024, "a");
    const chunks = 5 * 16 + 1; // just over 5 MiB
    const server = await startHttpServer((_req, _body, res) => {
      res.writeHead(200, announced ? { "Content-Length": String(chunk.length * chunks) } : {});
      const write = (left: number): void => {
        if (left === 0 || res.destroyed) return void res.end();
        if (res.write(chunk)) write(left - 1);
        else res.once("drain", () => write(left - 1));
      };
      write(chunks);
      res.on("error", () => undefined);
    });
    try {
      const error = await createHttpClient({ env: {} }).send({ method: "GET", url: `http://127.0.0.1:${server.port}/big` }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as Error).message).toBe(`Response larger than 4 MiB; not read (127.0.0.1:${server.port})`);
    } finally {
      await server.close();
    }
  });

  it("a body of exactly 4 MiB is read", async () => {
    const body = "a".repeat(4 * 1024 * 1024);
    const server = await startHttpServer((_req, _body, res) => res.writeHead(200).end(body));
    try {
      const response = await createHttpClient({ env: {} }).send({ method: "GET", url: `http://127.0.0.1:${server.port}/` });
      expect(response.body.length).toBe(body.length);
    } finally {
      await server.close();
    }
  });
});

describe("proxies", () => {
  it("plain HTTP goes to the proxy in absolute form, with Basic credentials from the proxy URL", async () => {
    const target = await startHttpServer((_req, _body, res) => json(res, 200, { ok: 1 }));
    const proxy = await startProxy("us er:p@ss");
    try {
      const env = { HTTP_PROXY: `http://us%20er:p%40ss@127.0.0.1:${proxy.port}` };
      const response = await createHttpClient({ env }).send({ method: "GET", url: `http://127.0.0.1:${target.port}/metadata?x=1`, headers: { Metadata: "true" } });
      expect(response.status).toBe(200);
      expect(proxy.log).toEqual([
        { kind: "forward", target: `http://127.0.0.1:${target.port}/metadata?x=1`, proxyAuthorization: `Basic ${Buffer.from("us er:p@ss").toString("base64")}`, host: `127.0.0.1:${target.port}` },
      ]);
      expect(target.requests[0]!.headers.metadata).toBe("true");
    } finally {
      await Promise.all([target.close(), proxy.close()]);
    }
  });

  it("NO_PROXY sends the request directly", async () => {
    const target = await startHttpServer((_req, _body, res) => json(res, 200, {}));
    const proxy = await startProxy();
    try {
      const env = { http_proxy: `http://127.0.0.1:${proxy.port}`, no_proxy: "127.0.0.1" };
      expect((await createHttpClient({ env }).send({ method: "GET", url: `http://127.0.0.1:${target.port}/` })).status).toBe(200);
      expect(proxy.log).toEqual([]);
      expect(target.requests).toHaveLength(1);
    } finally {
      await Promise.all([target.close(), proxy.close()]);
    }
  });

  it("an unreachable proxy is reported as such (az: 'Cannot connect to proxy')", async () => {
    const port = await closedPort();
    const error = await createHttpClient({ env: { HTTP_PROXY: `http://127.0.0.1:${port}` } })
      .send({ method: "GET", url: "http://169.254.169.254/metadata/identity/oauth2/token" })
      .catch((e: unknown) => e);
    expect((error as Error).message).toBe(`Failed to connect to proxy 127.0.0.1:${port} for 169.254.169.254: connection refused`);
  });
});

describe("TLS checks the target's name or IP address on every path (issue 11)", () => {
  // A certificate for "localhost" only: Node checks a socket without host or servername against "localhost".
  let pki: TestPki;
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  let ca: string;
  beforeAll(async () => {
    pki = makePki("localhost-only CA", [{ type: 2, value: "localhost" }]);
    ca = writeTemp(tempDir(), "ca.pem", pki.caPem);
    server = await startHttpServer((_req, _body, res) => json(res, 200, { posted: true }), { key: pki.key, cert: pki.cert });
  }, 60_000);
  afterAll(() => server.close());

  it.each([
    ["directly", false],
    ["through a CONNECT proxy", true],
  ])("an IP-address target whose certificate names only localhost is refused %s", async (_label, viaProxy) => {
    const proxy = viaProxy ? await startProxy() : undefined;
    try {
      const env = { REQUESTS_CA_BUNDLE: ca, ...(proxy ? { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` } : {}) };
      const error = await createHttpClient({ env }).send({ method: "POST", url: `https://127.0.0.1:${server.port}/token`, body: "client_secret=s3cr3t" }).catch((e: unknown) => e);
      expect((error as Error).message).toBe(`TLS connection to 127.0.0.1:${server.port} failed: the certificate does not match the host name`);
      expect(server.requests).toEqual([]);
      if (proxy) expect(proxy.log.map((entry) => entry.kind)).toEqual(["connect"]);
    } finally {
      await proxy?.close();
    }
  });

  it("the same certificate is accepted for the name it carries", async () => {
    const response = await createHttpClient({ env: { REQUESTS_CA_BUNDLE: ca } }).send({ method: "GET", url: `https://localhost:${server.port}/` });
    expect(response.status).toBe(200);
  });
});

describe("TLS", () => {
  let pki: TestPki;
  let other: TestPki;
  let dir: string;
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  beforeAll(async () => {
    pki = makePki();
    other = makePki("another CA");
    dir = tempDir();
    server = await startHttpServer((_req, _body, res) => json(res, 200, { tls: true }), { key: pki.key, cert: pki.cert });
  });
  afterAll(() => server.close());
  const url = () => `https://127.0.0.1:${server.port}/token`;

  it("an unknown CA → 'certificate not trusted' with a hint, no stack", async () => {
    const error = await createHttpClient({ env: {} }).send({ method: "GET", url: url() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(new RegExp(`^TLS connection to 127\\.0\\.0\\.1:${server.port} failed: certificate not trusted \\(\\w+\\)\\. .*REQUESTS_CA_BUNDLE`));
    expect((error as Error).message).not.toContain("\n");
  });

  it.each(["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])("%s adds the bundle's CAs", async (variable) => {
    const bundle = writeTemp(dir, `${variable}.pem`, other.caPem + pki.caPem);
    expect((await createHttpClient({ env: { [variable]: bundle } }).send({ method: "GET", url: url() })).status).toBe(200);
  });

  it("REQUESTS_CA_BUNDLE may be a directory of PEM files", async () => {
    const caDir = tempDir();
    writeTemp(caDir, "corp.crt", pki.caPem);
    writeTemp(caDir, "README", "not a certificate");
    expect((await createHttpClient({ env: { REQUESTS_CA_BUNDLE: caDir } }).send({ method: "GET", url: url() })).status).toBe(200);
  });

  it("a bundle without our CA still fails, and SSL_CERT_FILE is ignored (as requests does)", async () => {
    const bundle = writeTemp(dir, "other.pem", other.caPem);
    const ca = writeTemp(dir, "ca.pem", pki.caPem);
    await expect(createHttpClient({ env: { REQUESTS_CA_BUNDLE: bundle } }).send({ method: "GET", url: url() })).rejects.toThrow(/certificate not trusted/);
    await expect(createHttpClient({ env: { SSL_CERT_FILE: ca } }).send({ method: "GET", url: url() })).rejects.toThrow(/certificate not trusted/);
  });

  it("a missing bundle path is a clear error naming the variable", async () => {
    await expect(createHttpClient({ env: { REQUESTS_CA_BUNDLE: "/nonexistent/ca.pem" } }).send({ method: "GET", url: url() })).rejects.toThrow(
      "Could not find a suitable TLS CA certificate bundle, invalid path: /nonexistent/ca.pem (set by REQUESTS_CA_BUNDLE)",
    );
  });

  it("HTTPS through a CONNECT proxy with credentials", async () => {
    const proxy = await startProxy("u:pw");
    try {
      const env = { HTTPS_PROXY: `http://u:pw@127.0.0.1:${proxy.port}`, REQUESTS_CA_BUNDLE: writeTemp(dir, "ca2.pem", pki.caPem) };
      const response = await createHttpClient({ env }).send({ method: "POST", url: url(), body: "grant_type=x" });
      expect(response).toMatchObject({ status: 200, body: '{"tls":true}' });
      expect(proxy.log).toEqual([{ kind: "connect", target: `127.0.0.1:${server.port}`, proxyAuthorization: `Basic ${Buffer.from("u:pw").toString("base64")}` }]);
      expect(server.requests.at(-1)!.body).toBe("grant_type=x");
    } finally {
      await proxy.close();
    }
  });

  it("a proxy refusing the tunnel (407) is one clear line", async () => {
    const proxy = await startProxy("u:pw");
    try {
      const error = await createHttpClient({ env: { HTTPS_PROXY: `http://u:wrong@127.0.0.1:${proxy.port}` } }).send({ method: "GET", url: url() }).catch((e: unknown) => e);
      expect((error as Error).message).toBe(`Proxy 127.0.0.1:${proxy.port} refused to connect to 127.0.0.1:${server.port}: HTTP 407 Proxy Authentication Required`);
    } finally {
      await proxy.close();
    }
  });

  it("NODE_EXTRA_CA_CERTS keeps working in a real process, alone and next to REQUESTS_CA_BUNDLE", async () => {
    const bundle = await bundleForChild("src/infra/http.ts");
    const extra = writeTemp(dir, "extra.pem", pki.caPem);
    const unrelated = writeTemp(dir, "unrelated.pem", other.caPem);
    const script = `const { createHttpClient } = await import(${JSON.stringify(bundle)});
      const r = await createHttpClient({ env: process.env }).send({ method: "GET", url: ${JSON.stringify(url())} });
      console.log(r.status);`;
    const run = (env: Record<string, string>) =>
      new Promise<string>((resolve) => {
        // Async spawn: the server lives in this process and must keep answering.
        import("node:child_process").then(({ execFile }) =>
          execFile(process.execPath, ["--input-type=module", "-e", script], { env: { PATH: process.env.PATH ?? "", ...env } }, (_e, stdout, stderr) => resolve(stdout.trim() || stderr)),
        );
      });
    expect(await run({ NODE_EXTRA_CA_CERTS: extra })).toBe("200");
    expect(await run({ NODE_EXTRA_CA_CERTS: extra, REQUESTS_CA_BUNDLE: unrelated })).toBe("200");
    expect(await run({})).toMatch(/certificate not trusted/);
  });
});

describe("connecting ahead: preconnect (issue 15)", () => {
  let pki: TestPki;
  let ca: string;
  let server: Awaited<ReturnType<typeof startHttpServer>>;
  beforeAll(async () => {
    pki = makePki();
    ca = writeTemp(tempDir(), "ca.pem", pki.caPem);
    server = await startHttpServer((_req, _body, res) => json(res, 200, { ahead: true }), { key: pki.key, cert: pki.cert });
  });
  afterAll(() => server.close());
  const url = () => `https://127.0.0.1:${server.port}/token`;
  const post = (client: ReturnType<typeof createHttpClient>, timeoutMs?: number) =>
    client.send({ method: "POST", url: url(), body: "grant_type=x", ...(timeoutMs ? { timeoutMs } : {}) });

  it("the tunnel opened ahead carries the request: one CONNECT, made before the request was sent", async () => {
    const proxy = await startProxy();
    try {
      const client = createHttpClient({ env: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, REQUESTS_CA_BUNDLE: ca } });
      const release = await client.preconnect!(url());
      await until(() => proxy.log.length === 1);
      const requestsBefore = server.requests.length;
      expect(await post(client)).toMatchObject({ status: 200, body: '{"ahead":true}' });
      release();
      expect(proxy.log.map((entry) => entry.kind)).toEqual(["connect"]);
      expect(proxy.accepted()).toBe(1);
      expect(server.requests.length).toBe(requestsBefore + 1);
    } finally {
      await proxy.close();
    }
  });

  it("a direct connection opened ahead carries the request", async () => {
    const client = createHttpClient({ env: { REQUESTS_CA_BUNDLE: ca } });
    const acceptedBefore = server.accepted();
    const release = await client.preconnect!(url());
    await until(() => server.accepted() === acceptedBefore + 1);
    expect((await post(client)).status).toBe(200);
    release();
    expect(server.accepted()).toBe(acceptedBefore + 1);
  });

  it("a tunnel the proxy drops while it waits is not used: the request opens its own", async () => {
    const proxy = await startProxy();
    try {
      const client = createHttpClient({ env: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}`, REQUESTS_CA_BUNDLE: ca } });
      const release = await client.preconnect!(url());
      await until(() => proxy.log.length === 1 && proxy.open() === 1);
      proxy.drop();
      await new Promise((resolve) => setTimeout(resolve, 50)); // the client sees the close
      expect((await post(client)).status).toBe(200);
      release();
      expect(proxy.log.map((entry) => entry.kind)).toEqual(["connect", "connect"]);
    } finally {
      await proxy.close();
    }
  });

  it("a proxy refusing the connection ahead: the request reports it as it would have", async () => {
    const port = await closedPort();
    const client = createHttpClient({ env: { HTTPS_PROXY: `http://127.0.0.1:${port}`, REQUESTS_CA_BUNDLE: ca } });
    const release = await client.preconnect!(url());
    const error = await post(client).catch((e: unknown) => e);
    release();
    expect((error as Error).message).toBe(`Failed to connect to proxy 127.0.0.1:${port} for 127.0.0.1:${server.port}: connection refused`);
  });

  it("the request's time-out covers a tunnel still waiting for the proxy's answer", async () => {
    // reads (so that it sees the client close) and never answers
    const silent = await listen(createNetServer((socket) => socket.resume()));
    try {
      const client = createHttpClient({ env: { HTTPS_PROXY: `http://127.0.0.1:${silent.port}`, REQUESTS_CA_BUNDLE: ca } });
      const release = await client.preconnect!(url());
      const error = await post(client, 300).catch((e: unknown) => e);
      release();
      expect((error as Error).message).toBe(`Connection to 127.0.0.1:${server.port} (via proxy 127.0.0.1:${silent.port}) timed out after 0.3 s`);
      await until(() => silent.open() === 0); // and its socket is closed
    } finally {
      await silent.close();
    }
  });

  it("released after a request took it, the connection is left to that request", async () => {
    const slow = await startHttpServer((_req, _body, res) => setTimeout(() => json(res, 200, { slow: true }), 200), { key: pki.key, cert: pki.cert });
    try {
      const client = createHttpClient({ env: { REQUESTS_CA_BUNDLE: ca } });
      const slowUrl = `https://127.0.0.1:${slow.port}/`;
      const release = await client.preconnect!(slowUrl);
      await until(() => slow.accepted() === 1);
      const pending = client.send({ method: "GET", url: slowUrl });
      await until(() => slow.requests.length === 1); // the request is in, its answer 200 ms away
      release();
      expect(await pending).toMatchObject({ status: 200, body: '{"slow":true}' });
      expect(slow.accepted()).toBe(1);
    } finally {
      await slow.close();
    }
  });

  it("released unused, the connection is closed", async () => {
    const proxy = await startProxy();
    try {
      const release = await createHttpClient({ env: { HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` } }).preconnect!(url());
      await until(() => proxy.log.length === 1 && proxy.open() === 1);
      release();
      await until(() => proxy.open() === 0);
    } finally {
      await proxy.close();
    }
  });

  it("an unused connection never keeps a process alive", async () => {
    const proxy = await startProxy();
    try {
      const bundle = await bundleForChild("src/infra/http.ts");
      const script = `const { createHttpClient } = await import(${JSON.stringify(bundle)});
        await createHttpClient({ env: process.env }).preconnect(${JSON.stringify(url())});
        console.log("ready");`;
      const started = Date.now();
      const outcome = await new Promise<{ stdout: string; code: number | null }>((resolve) => {
        import("node:child_process").then(({ execFile }) =>
          execFile(process.execPath, ["--input-type=module", "-e", script], { env: { PATH: process.env.PATH ?? "", HTTPS_PROXY: `http://127.0.0.1:${proxy.port}` }, timeout: 10_000 }, (error, stdout) =>
            resolve({ stdout: stdout.trim(), code: error ? ((error as { code?: number }).code ?? 1) : 0 }),
          ),
        );
      });
      expect(outcome).toEqual({ stdout: "ready", code: 0 });
      expect(Date.now() - started).toBeLessThan(8_000);
      expect(proxy.log.map((entry) => entry.kind)).toEqual(["connect"]); // it did connect ahead
    } finally {
      await proxy.close();
    }
  });
});

describe("retries over the wire", () => {
  it("429 then 200: two requests, one sleep", async () => {
    let n = 0;
    const server = await startHttpServer((_req, _body, res) => (n++ === 0 ? json(res, 429, {}, { "Retry-After": "2" }) : json(res, 200, {})));
    try {
      const sleeps: number[] = [];
      const client = withRetries(createHttpClient({ env: {} }), tokenRetryPolicy(), { sleep: async (ms) => void sleeps.push(ms) });
      expect((await client.send({ method: "POST", url: `http://127.0.0.1:${server.port}/t`, body: "a=b" })).status).toBe(200);
      expect(server.requests).toHaveLength(2);
      expect(server.requests[1]!.body).toBe("a=b");
      expect(sleeps).toEqual([2000]);
    } finally {
      await server.close();
    }
  });

  it("500 forever: exactly two requests, the 500 is returned", async () => {
    const server = await startHttpServer((_req, _body, res) => json(res, 500, { error: "server_error" }));
    try {
      const client = withRetries(createHttpClient({ env: {} }), tokenRetryPolicy(), { sleep: async () => undefined });
      expect((await client.send({ method: "GET", url: `http://127.0.0.1:${server.port}/` })).status).toBe(500);
      expect(server.requests).toHaveLength(2);
    } finally {
      await server.close();
    }
  });
});

describe("debug logging", () => {
  it("logs method, URL, status and duration, never secrets", async () => {
    const server = await startHttpServer((_req, _body, res) =>
      json(res, 200, { access_token: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.SIGNATUREvalue", refresh_token: "RT-SECRET-5" }),
    );
    const proxy = await startProxy("user:PROXY-PW-6");
    const lines: string[] = [];
    const logger = createLogger({ write: (t) => void lines.push(t), isTTY: false }, { onlyShowErrors: false, verbose: false, debug: true });
    try {
      const env = { HTTP_PROXY: `http://user:PROXY-PW-6@127.0.0.1:${proxy.port}` };
      const raw = createHttpClient({ env, logger });
      const client = withRetries(raw, tokenRetryPolicy(), { sleep: async () => undefined, logger });
      const release = await raw.preconnect!(`http://127.0.0.1:${server.port}/t/oauth2/v2.0/token?client_secret=QS-SECRET-1`);
      await client.send({
        method: "POST",
        url: `http://127.0.0.1:${server.port}/t/oauth2/v2.0/token?client_secret=QS-SECRET-1&code=CODE-2&api-version=1`,
        headers: { Authorization: "Bearer HEADER-SECRET-3" },
        body: "grant_type=refresh_token&refresh_token=BODY-SECRET-4",
      });
      release();
      const text = lines.join("");
      expect(text).toContain(`DEBUG: Connecting ahead to 127.0.0.1:${server.port} via proxy http://127.0.0.1:${proxy.port}/\n`);
      expect(text).toMatch(new RegExp(`DEBUG: Request: POST http://127\\.0\\.0\\.1:${server.port}/t/oauth2/v2\\.0/token\\?client_secret=<redacted>&code=<redacted>&api-version=1 via proxy http://127\\.0\\.0\\.1:${proxy.port}/`));
      expect(text).toMatch(/DEBUG: Response: 200 POST .* \(\d+ ms\)/);
      for (const secret of ["QS-SECRET-1", "CODE-2", "HEADER-SECRET-3", "BODY-SECRET-4", "RT-SECRET-5", "SIGNATURE", "PROXY-PW-6"]) {
        expect(text).not.toContain(secret);
      }
    } finally {
      await Promise.all([server.close(), proxy.close()]);
    }
  });
});
