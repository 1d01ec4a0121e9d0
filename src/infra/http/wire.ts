// HTTP/1.1 on a socket the transport opened itself: the request written by hand, the response parsed here.
// Why not node:http and node:https: loading them (the client, the server half http requires, the parser binding)
// and building one ClientRequest cost a token refresh 10-15 ms of CPU on Node 20-24, measured against the same
// exchange written on a bare TLS socket, and a refresh needs one request and one response: no keep-alive, no
// upgrade, no streaming. The parser follows RFC 9112 where it matters to a client: 1xx responses skipped, body
// framed by Transfer-Encoding (chunked), else Content-Length, else the end of the connection.

/** What went wrong on the wire; the transport turns each into a one-line NetworkError naming the host. */
export type WireFailure =
  /** The connection ended before any response: what Node calls "socket hang up". */
  | "hangup"
  /** The connection ended in the middle of the response. */
  | "truncated"
  /** Not an HTTP/1.x response we can read. */
  | "malformed"
  /** The body would exceed the size limit. */
  | "too-large";

export class WireError extends Error {
  override name = "WireError";
  constructor(
    readonly failure: WireFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface WireResponse {
  status: number;
  /** Lower-case names; repeated fields joined the way Node's IncomingMessage does. */
  headers: Record<string, string>;
  body: Buffer;
}

/** Response heads are a few hundred bytes; Node refuses more than 16 KiB. */
const MAX_HEAD_BYTES = 64 * 1024;
const MAX_LINE_BYTES = 8 * 1024;
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// Node's own test for a header value (checkInvalidHeaderChar): no control characters but tab.
const INVALID_VALUE = /[^\t\x20-\x7e\x80-\xff]/;

/**
 * The bytes of one request. Header names keep their case and order, after `Host`; `Content-Length` is added for
 * a body, and `Connection: close` since the connection serves one exchange. Names and values are checked as
 * Node checks them, so a value with a line break cannot smuggle a second header or request.
 */
export function requestBytes(method: string, target: string, host: string, headers: Record<string, string>, body?: string): Buffer {
  if (!TOKEN.test(method) || /[\x00-\x20\x7f]/.test(target)) throw new TypeError(`Invalid HTTP request line for ${method}`);
  const fields: [string, string][] = [["Host", host], ...Object.entries(headers)];
  const named = (name: string) => fields.some(([field]) => field.toLowerCase() === name);
  const payload = body === undefined ? undefined : Buffer.from(body, "utf8");
  if (!named("content-length") && (payload !== undefined || method === "POST")) fields.push(["Content-Length", String(payload?.length ?? 0)]);
  if (!named("connection")) fields.push(["Connection", "close"]);
  let head = `${method} ${target} HTTP/1.1\r\n`;
  for (const [name, value] of fields) {
    if (!TOKEN.test(name)) throw new TypeError(`Invalid HTTP header name: ${JSON.stringify(name)}`);
    if (INVALID_VALUE.test(value)) throw new TypeError(`Invalid character in the value of HTTP header ${name}`);
    head += `${name}: ${value}\r\n`;
  }
  const headBytes = Buffer.from(`${head}\r\n`, "latin1");
  return payload === undefined ? headBytes : Buffer.concat([headBytes, payload]);
}

/** Fields Node keeps only the first of when a response repeats them (IncomingMessage's matchKnownFields). */
const FIRST_WINS = new Set([
  "age",
  "authorization",
  "content-length",
  "content-type",
  "etag",
  "expires",
  "from",
  "host",
  "if-modified-since",
  "if-unmodified-since",
  "last-modified",
  "location",
  "max-forwards",
  "proxy-authorization",
  "referer",
  "retry-after",
  "server",
  "user-agent",
]);

type Framing = { kind: "length"; left: number } | { kind: "chunked" } | { kind: "close" };

/**
 * The bytes received and not yet taken: a window on a buffer that grows by doubling, so a response that arrives a
 * few bytes at a time (a slow or hostile server) costs linear copying, not a new concatenation per packet. `scanned`
 * says how much of the window a search for a line end has already covered, so no byte is searched twice.
 */
class ByteWindow {
  private store: Buffer = Buffer.alloc(0);
  private start = 0;
  private end = 0;
  scanned = 0;

  get length(): number {
    return this.end - this.start;
  }

  bytes(): Buffer {
    return this.store.subarray(this.start, this.end);
  }

  append(chunk: Buffer): void {
    if (this.length === 0) {
      // the common case: a whole packet taken as it is, no copy
      this.store = chunk;
      this.start = 0;
      this.end = chunk.length;
      return;
    }
    if (this.end + chunk.length > this.store.length) {
      const grown = Buffer.allocUnsafe(Math.max(2 * (this.length + chunk.length), 4096));
      this.bytes().copy(grown);
      this.store = grown;
      this.end = this.length;
      this.start = 0;
    }
    chunk.copy(this.store, this.end);
    this.end += chunk.length;
  }

  /** Takes the first `count` bytes (fewer if fewer are here): a view, which later appends never overwrite (they write past `end`). */
  take(count: number): Buffer {
    const taken = this.store.subarray(this.start, Math.min(this.start + count, this.end));
    this.start += taken.length;
    this.scanned = 0;
    return taken;
  }
}

/**
 * Reads one response from the bytes of a connection: push() each chunk as it arrives (it returns the response
 * once complete), end() when the connection ends. Either throws a WireError. `maxBody` bounds the decoded body.
 */
export class ResponseParser {
  private readonly buffered = new ByteWindow();
  private state: "head" | "body" | "chunk-size" | "chunk-data" | "chunk-end" | "trailers" | "done" = "head";
  private status = 0;
  private headers: Record<string, string> = {};
  private framing: Framing = { kind: "close" };
  private chunkLeft = 0;
  private readonly body: Buffer[] = [];
  private bodyBytes = 0;
  private sawBytes = false;
  private trailerBytes = 0;

  constructor(
    private readonly maxBody: number,
    private readonly tooLargeMessage: string,
  ) {}

  push(chunk: Buffer): WireResponse | undefined {
    if (this.finished()) return undefined;
    if (chunk.length > 0) this.sawBytes = true;
    this.buffered.append(chunk);
    while (!this.finished()) {
      if (!this.step()) return undefined;
    }
    return this.result();
  }

  end(): WireResponse {
    if (this.finished()) return this.result();
    if (this.state === "body" && this.framing.kind === "close") {
      this.state = "done";
      return this.result();
    }
    if (!this.sawBytes) throw new WireError("hangup", "Connection closed before any response arrived");
    if (this.state === "head") throw new WireError("malformed", "Connection closed in the middle of the response headers");
    throw new WireError("truncated", "Connection closed before the whole response arrived");
  }

  private finished(): boolean {
    return this.state === "done";
  }

  /** One step of the state machine; false when it needs more bytes. */
  private step(): boolean {
    switch (this.state) {
      case "head":
        return this.readHead();
      case "body":
        return this.readBody();
      case "chunk-size": {
        const line = this.takeLine();
        if (line === undefined) return false;
        const size = /^([0-9a-fA-F]{1,8})[ \t]*(?:;.*)?$/.exec(line);
        if (!size) throw new WireError("malformed", "Invalid chunk size in a chunked response");
        this.chunkLeft = Number.parseInt(size[1]!, 16);
        this.state = this.chunkLeft === 0 ? "trailers" : "chunk-data";
        return true;
      }
      case "chunk-data": {
        if (this.buffered.length === 0) return false;
        const part = this.keep(this.buffered.take(this.chunkLeft));
        this.chunkLeft -= part.length;
        if (this.chunkLeft === 0) this.state = "chunk-end";
        return true;
      }
      case "chunk-end": {
        const line = this.takeLine();
        if (line === undefined) return false;
        if (line !== "") throw new WireError("malformed", "Missing line break after a chunk of a chunked response");
        this.state = "chunk-size";
        return true;
      }
      case "trailers": {
        const line = this.takeLine();
        if (line === undefined) return false;
        this.trailerBytes += line.length + 1;
        if (this.trailerBytes > MAX_HEAD_BYTES) throw new WireError("malformed", `Trailer fields larger than ${MAX_HEAD_BYTES / 1024} KiB`);
        if (line === "") this.state = "done"; // trailer fields are read past, not kept (Node keeps them apart too)
        return true;
      }
      default:
        return false;
    }
  }

  private readHead(): boolean {
    const bytes = this.buffered.bytes();
    const end = headEnd(bytes, this.buffered.scanned);
    if (end === undefined) {
      if (bytes.length > MAX_HEAD_BYTES) throw new WireError("malformed", `Response headers larger than ${MAX_HEAD_BYTES / 1024} KiB`);
      // the last two bytes may start the empty line that ends the head
      this.buffered.scanned = Math.max(0, bytes.length - 2);
      return false;
    }
    const lines = bytes.subarray(0, end.head).toString("latin1").replace(/\r$/, "").split(/\r?\n/);
    this.buffered.take(end.rest);
    const statusLine = /^HTTP\/1\.[01] ([1-9]\d\d)(?: .*)?$/.exec(lines[0]!);
    if (!statusLine) throw new WireError("malformed", "Invalid HTTP status line");
    const status = Number(statusLine[1]);
    if (status === 101) throw new WireError("malformed", "Unexpected 101 Switching Protocols");
    if (status < 200) return true; // 100 Continue, 103 Early Hints: the final response follows
    this.status = status;
    this.headers = parseFields(lines.slice(1));
    this.framing = framingOf(status, this.headers);
    if (this.framing.kind === "length" && this.framing.left > this.maxBody) throw new WireError("too-large", this.tooLargeMessage);
    this.state = this.framing.kind === "chunked" ? "chunk-size" : "body";
    return true;
  }

  private readBody(): boolean {
    const framing = this.framing;
    if (framing.kind === "length" && framing.left === 0) {
      this.state = "done";
      return true;
    }
    if (this.buffered.length === 0) return false;
    const part = this.keep(this.buffered.take(framing.kind === "length" ? framing.left : this.buffered.length));
    if (framing.kind === "length") framing.left -= part.length;
    return true;
  }

  private keep(part: Buffer): Buffer {
    this.bodyBytes += part.length;
    if (this.bodyBytes > this.maxBody) throw new WireError("too-large", this.tooLargeMessage);
    if (part.length > 0) this.body.push(part);
    return part;
  }

  /** The next line of the chunked framing without its line break, or undefined until it has arrived. */
  private takeLine(): string | undefined {
    const bytes = this.buffered.bytes();
    const newline = bytes.indexOf(10, this.buffered.scanned);
    if (newline < 0) {
      if (bytes.length > MAX_LINE_BYTES) throw new WireError("malformed", "Oversized line in a chunked response");
      this.buffered.scanned = bytes.length;
      return undefined;
    }
    const line = this.buffered.take(newline + 1).toString("latin1", 0, newline);
    return line.endsWith("\r") ? line.slice(0, -1) : line;
  }

  private result(): WireResponse {
    return { status: this.status, headers: this.headers, body: Buffer.concat(this.body) };
  }
}

/** Where the head ends: the first empty line, after CRLF or a bare LF (which Node's parser also accepts). */
function headEnd(buffer: Buffer, from: number): { head: number; rest: number } | undefined {
  for (let index = buffer.indexOf(10, from); index >= 0; index = buffer.indexOf(10, index + 1)) {
    if (buffer[index + 1] === 10) return { head: index, rest: index + 2 };
    if (buffer[index + 1] === 13 && buffer[index + 2] === 10) return { head: index, rest: index + 3 };
  }
  return undefined;
}

function parseFields(lines: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  let last: string | undefined;
  for (const line of lines) {
    if (line.startsWith(" ") || line.startsWith("\t")) {
      // obsolete line folding: part of the previous field's value (RFC 9112 5.2 lets a client join it with a space)
      if (last === undefined) throw new WireError("malformed", "Invalid HTTP header line");
      headers[last] = `${headers[last]} ${line.trim()}`.trim();
      continue;
    }
    const colon = line.indexOf(":");
    const name = line.slice(0, colon).toLowerCase();
    if (colon <= 0 || !TOKEN.test(name)) throw new WireError("malformed", "Invalid HTTP header line");
    const value = line.slice(colon + 1).trim();
    const previous = headers[name];
    if (previous === undefined) headers[name] = value;
    else if (name === "content-length" && previous !== value) throw new WireError("malformed", "Conflicting Content-Length headers");
    else if (!FIRST_WINS.has(name)) headers[name] = `${previous}, ${value}`;
    last = name;
  }
  return headers;
}

function framingOf(status: number, headers: Record<string, string>): Framing {
  if (status === 204 || status === 304) return { kind: "length", left: 0 };
  const transferEncoding = headers["transfer-encoding"];
  if (transferEncoding !== undefined) {
    // RFC 9112 6.3: Transfer-Encoding overrides Content-Length; chunked must be the last coding, else the body runs to the close
    const codings = transferEncoding.split(",").map((coding) => coding.trim().toLowerCase());
    return codings.at(-1) === "chunked" ? { kind: "chunked" } : { kind: "close" };
  }
  const contentLength = headers["content-length"];
  if (contentLength === undefined) return { kind: "close" };
  if (!/^\d{1,15}$/.test(contentLength)) throw new WireError("malformed", "Invalid Content-Length");
  return { kind: "length", left: Number(contentLength) };
}
