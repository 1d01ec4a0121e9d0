// wire.ts: the request bytes and the response parser of the HTTP client, checked byte by byte and against Node's own
// HTTP client (the one the transport used before) reading the same bytes from a real socket.
import { request as httpRequest } from "node:http";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { ResponseParser, requestBytes, WireError, type WireResponse } from "../../../src/infra/http/wire.js";
import { createHttpClient } from "../../../src/infra/http.js";

const LIMIT = 1024;
const TOO_LARGE = "too large";

/** Parses `bytes` fed in pieces of `size` bytes (0: all at once), then the end of the connection if still needed. */
function parse(bytes: string | Buffer, size = 0, limit = LIMIT): WireResponse {
  const data = typeof bytes === "string" ? Buffer.from(bytes, "latin1") : bytes;
  const parser = new ResponseParser(limit, TOO_LARGE);
  const step = size || data.length || 1;
  for (let offset = 0; offset < data.length; offset += step) {
    const done = parser.push(data.subarray(offset, offset + step));
    if (done) return done;
  }
  return parser.end();
}

function failure(bytes: string, size = 0, limit = LIMIT): [string, string] {
  try {
    parse(bytes, size, limit);
  } catch (error) {
    if (error instanceof WireError) return [error.failure, error.message];
    throw error;
  }
  throw new Error("parsed without error");
}

const text = (response: WireResponse) => ({ ...response, body: response.body.toString("latin1") });

describe("the response parser", () => {
  const cases: [string, string, { status: number; headers: Record<string, string>; body: string }][] = [
    ["Content-Length", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 11\r\n\r\n{\"a\":\"bcd\"}", { status: 200, headers: { "content-type": "application/json", "content-length": "11" }, body: '{"a":"bcd"}' }],
    [
      "chunked, with extensions and trailers",
      "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n4;ext=1\r\nabcd\r\nA \r\n0123456789\r\n0\r\nX-Trailer: t\r\n\r\n",
      { status: 400, headers: { "transfer-encoding": "chunked" }, body: "abcd0123456789" },
    ],
    ["no reason phrase", "HTTP/1.1 200\r\nContent-Length: 0\r\n\r\n", { status: 200, headers: { "content-length": "0" }, body: "" }],
    ["HTTP/1.0 and bare LF line ends", "HTTP/1.0 201 Created\nX-A:  spaced  \nContent-Length: 2\n\nok", { status: 201, headers: { "x-a": "spaced", "content-length": "2" }, body: "ok" }],
    ["1xx responses before the final one", "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx", { status: 200, headers: { "content-length": "1" }, body: "x" }],
    ["204 has no body, whatever it announces", "HTTP/1.1 204 No Content\r\nContent-Length: 5\r\n\r\n", { status: 204, headers: { "content-length": "5" }, body: "" }],
    [
      "repeated fields: joined, except those Node keeps the first of",
      "HTTP/1.1 429 Too Many\r\nX-Ms-Thing: a\r\nRetry-After: 2\r\nx-ms-thing: b\r\nRetry-After: 9\r\nContent-Length: 0\r\nContent-Length: 0\r\n\r\n",
      { status: 429, headers: { "x-ms-thing": "a, b", "retry-after": "2", "content-length": "0" }, body: "" },
    ],
    ["a folded header line joins the previous field", "HTTP/1.1 200 OK\r\nX-Long: one\r\n  two\r\nContent-Length: 0\r\n\r\n", { status: 200, headers: { "x-long": "one two", "content-length": "0" }, body: "" }],
    [
      "Transfer-Encoding wins over Content-Length",
      "HTTP/1.1 200 OK\r\nContent-Length: 100\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n",
      { status: 200, headers: { "content-length": "100", "transfer-encoding": "gzip, chunked" }, body: "hi" },
    ],
  ];

  it.each(cases)("%s, whole or split anywhere", (_label, bytes, expected) => {
    for (let size = 0; size <= 7; size++) expect(text(parse(bytes, size)), `pieces of ${size}`).toEqual(expected);
  });

  it("a body without framing runs to the end of the connection", () => {
    const parser = new ResponseParser(LIMIT, TOO_LARGE);
    expect(parser.push(Buffer.from("HTTP/1.1 200 OK\r\nTransfer-Encoding: identity\r\n\r\nab"))).toBeUndefined();
    expect(parser.push(Buffer.from("cd"))).toBeUndefined();
    expect(text(parser.end()).body).toBe("abcd");
  });

  it("bytes after a complete response are not part of it", () => {
    expect(text(parse("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 500 No\r\n\r\n")).body).toBe("ok");
  });

  it("a UTF-8 body split inside a character is reassembled", () => {
    const body = Buffer.from('{"name":"Zoë 🔑"}', "utf8");
    const bytes = Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
    for (let size = 1; size <= 5; size++) expect(parse(bytes, size).body.toString("utf8")).toBe('{"name":"Zoë 🔑"}');
  });

  it.each([
    ["no bytes at all", "", "hangup"],
    ["part of the head", "HTTP/1.1 200 OK\r\nContent-Le", "malformed"],
    ["part of a Content-Length body", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc", "truncated"],
    ["part of a chunked body", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", "truncated"],
    ["a chunked body without its last chunk", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nab\r\n", "truncated"],
  ])("the connection ending in %s is an error", (_label, bytes, expected) => {
    expect(failure(bytes)[0]).toBe(expected);
  });

  it.each([
    ["not HTTP", "SSH-2.0-OpenSSH_9.6\r\n\r\n"],
    ["HTTP/2 text", "HTTP/2 200\r\n\r\n"],
    ["a status that is not three digits", "HTTP/1.1 20 OK\r\n\r\n"],
    ["101 Switching Protocols", "HTTP/1.1 101 Switching Protocols\r\n\r\n"],
    ["a header line without a colon", "HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"],
    ["a header name with a space", "HTTP/1.1 200 OK\r\nBad Name: x\r\n\r\n"],
    ["a folded line first", "HTTP/1.1 200 OK\r\n folded: x\r\n\r\n"],
    ["a Content-Length that is not a number", "HTTP/1.1 200 OK\r\nContent-Length: 12abc\r\n\r\n"],
    ["a negative Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n"],
    ["conflicting Content-Lengths", "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab"],
    ["a chunk size that is not hex", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nxyz\r\n"],
    ["a chunk without its line break", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n"],
  ])("%s is malformed, whole or byte by byte", (_label, bytes) => {
    expect(failure(bytes)[0]).toBe("malformed");
    expect(failure(bytes, 1)[0]).toBe("malformed");
  });

  it("a 60 KiB head and a chunked body arriving a byte at a time (a slow or hostile server) parse whole", () => {
    const padding = Array.from({ length: 600 }, (_, index) => `X-Pad-${index}: ${"p".repeat(80)}\r\n`).join("");
    const body = "0123456789".repeat(300);
    const chunks = body.match(/.{1,700}/g)!.map((part) => `${part.length.toString(16)}\r\n${part}\r\n`).join("");
    const response = parse(`HTTP/1.1 200 OK\r\n${padding}Transfer-Encoding: chunked\r\n\r\n${chunks}0\r\n\r\n`, 1, 4096);
    expect(response.body.toString("latin1")).toBe(body);
    expect(response.headers["x-pad-599"]).toBe("p".repeat(80));
  });

  it("a head that never ends is refused past 64 KiB instead of buffered", () => {
    const endless = `HTTP/1.1 200 OK\r\n${"X-Pad: ".padEnd(1000, "a")}\r\n`.repeat(70);
    expect(failure(endless, 4096)).toEqual(["malformed", "Response headers larger than 64 KiB"]);
  });

  it.each([
    ["announced", `HTTP/1.1 200 OK\r\nContent-Length: ${LIMIT + 1}\r\n\r\n`],
    ["chunked", `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${(LIMIT + 1).toString(16)}\r\n${"a".repeat(LIMIT + 1)}\r\n0\r\n\r\n`],
    ["until the close", `HTTP/1.1 200 OK\r\n\r\n${"a".repeat(LIMIT + 1)}`],
  ])("a body over the limit (%s) is refused", (_label, bytes) => {
    expect(failure(bytes, 100)).toEqual(["too-large", TOO_LARGE]);
  });

  it("a body of exactly the limit is read", () => {
    expect(parse(`HTTP/1.1 200 OK\r\nContent-Length: ${LIMIT}\r\n\r\n${"a".repeat(LIMIT)}`, 100).body.length).toBe(LIMIT);
  });
});

describe("the request bytes", () => {
  it("Host first, the caller's fields in order and case, then the body's length and Connection: close", () => {
    const bytes = requestBytes("POST", "/t/oauth2/v2.0/token?x=1", "login.example:8443", { "Content-Type": "application/x-www-form-urlencoded", "x-client-SKU": "MSAL.Python" }, "a=é");
    expect(bytes.toString("latin1")).toBe(
      "POST /t/oauth2/v2.0/token?x=1 HTTP/1.1\r\nHost: login.example:8443\r\nContent-Type: application/x-www-form-urlencoded\r\nx-client-SKU: MSAL.Python\r\nContent-Length: 4\r\nConnection: close\r\n\r\na=\xc3\xa9",
    );
  });

  it("a GET carries no Content-Length; a POST without a body says 0; the caller's Connection is kept", () => {
    expect(requestBytes("GET", "/", "h", {}).toString()).toBe("GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
    expect(requestBytes("POST", "/", "h", { connection: "keep-alive" }).toString()).toBe("POST / HTTP/1.1\r\nHost: h\r\nconnection: keep-alive\r\nContent-Length: 0\r\n\r\n");
  });

  it.each([
    ["a line break in a value", { "X-Anchor": "a\r\nX-Injected: 1" }, "/"],
    ["a NUL in a value", { "X-A": "a\0" }, "/"],
    ["a name with a space", { "Bad Name": "x" }, "/"],
    ["a space in the request target", {}, "/a b HTTP/1.1\r\nX: y"],
  ])("%s is refused, so no second header or request can be smuggled in", (_label, headers, target) => {
    expect(() => requestBytes("GET", target, "h", headers)).toThrow(TypeError);
  });
});

/** A server that answers every connection with `bytes`, then closes it. */
async function rawServer(bytes: Buffer): Promise<{ port: number; close: () => Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on("error", () => undefined);
    socket.once("data", () => socket.end(bytes));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    close: () => {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** What node:http's client makes of the same bytes, headers joined as the transport did before wire.ts. */
function nodeRead(port: number): Promise<WireResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port, path: "/", agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
    });
    req.on("error", reject);
    req.end();
  });
}

describe("the same bytes read by node:http and by the client", () => {
  const responses = [
    ...plainResponses().map((bytes) => Buffer.from(bytes, "latin1")),
    withBody("HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=utf-8\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2", '{"name":"Zoë 🔑"}'),
  ];
  function withBody(head: string, body: string): Buffer {
    const bytes = Buffer.from(body, "utf8");
    return Buffer.concat([Buffer.from(`${head}\r\nContent-Length: ${bytes.length}\r\n\r\n`), bytes]);
  }
  function plainResponses(): string[] {
    return [
      "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Ms-Request-Id: 1\r\nx-ms-request-id: 2\r\n\r\nhello",
      "HTTP/1.1 401 Unauthorized\r\nTransfer-Encoding: chunked\r\nWWW-Authenticate: Bearer a\r\nWWW-Authenticate: Bearer b\r\n\r\n3\r\nabc\r\n0\r\n\r\n",
      "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\nRetry-After: 7\r\n\r\nrest of the connection",
      "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
      "HTTP/1.1 204 No Content\r\nX-A: 1\r\n\r\n",
      "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nclose-delimited",
    ];
  }

  it.each(responses.map((bytes) => [bytes.toString("latin1").split("\r\n")[0]!, bytes] as const))("%s", async (_label, bytes) => {
    const server = await rawServer(bytes);
    try {
      const ours = await createHttpClient({ env: {} }).send({ method: "GET", url: `http://127.0.0.1:${server.port}/` });
      const node = await nodeRead(server.port);
      expect(ours).toEqual({ status: node.status, headers: node.headers, body: node.body.toString("utf8") });
    } finally {
      await server.close();
    }
  });

  it.each([
    ["garbage instead of a status line", "SSH-2.0-OpenSSH_9.6\r\n\r\n", "Invalid HTTP status line"],
    ["a body cut short", "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nshort", "Connection closed before the whole response arrived"],
  ])("%s is one line naming the host", async (_label, bytes, message) => {
    const server = await rawServer(Buffer.from(bytes, "latin1"));
    try {
      const error = await createHttpClient({ env: {} }).send({ method: "GET", url: `http://127.0.0.1:${server.port}/` }).catch((e: unknown) => e);
      expect((error as Error).message).toBe(`${message} (127.0.0.1:${server.port})`);
    } finally {
      await server.close();
    }
  });

  it("from an http proxy (absolute-form request) the broken answer is the proxy's; through a tunnel it is the target's (test/e2e/idp-errors)", async () => {
    const proxy = await rawServer(Buffer.from("SSH-2.0-OpenSSH_9.6\r\n\r\n", "latin1"));
    try {
      const client = createHttpClient({ env: { HTTP_PROXY: `http://127.0.0.1:${proxy.port}` } });
      const error = await client.send({ method: "GET", url: "http://169.254.169.254/metadata/identity/oauth2/token" }).catch((e: unknown) => e);
      expect((error as Error).message).toBe(`Invalid HTTP status line (proxy 127.0.0.1:${proxy.port} for 169.254.169.254)`);
    } finally {
      await proxy.close();
    }
  });

  it("a connection closed without an answer reads as Node's 'socket hang up' did: connection reset", async () => {
    const server = await rawServer(Buffer.alloc(0));
    try {
      const error = await createHttpClient({ env: {} }).send({ method: "GET", url: `http://127.0.0.1:${server.port}/` }).catch((e: unknown) => e);
      expect((error as Error).message).toBe(`Failed to connect to 127.0.0.1:${server.port}: connection reset`);
    } finally {
      await server.close();
    }
  });
});
