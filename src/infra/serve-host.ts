// The Node implementation of the serve seam (infra/serve-types.ts): node:http on TCP or a Unix socket, process
// signals, unref'd timers, and the background start behind `serve --print-env`.
import { spawn } from "node:child_process";
import { chmodSync, lstatSync, unlinkSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { connect } from "node:net";
import {
  BodyTooLargeError,
  type BackgroundStart,
  type ListenTarget,
  type Listener,
  type RequestHandler,
  type ServeHost,
  type ServeRequest,
  type ServeResponse,
  type ShutdownSignal,
} from "./serve-types.js";

const SIGNALS: readonly ShutdownSignal[] = ["SIGINT", "SIGTERM"];

export interface NodeServeHostOptions {
  /** Where signals come from; tests pass an emitter of their own. */
  signals?: Pick<NodeJS.EventEmitter, "on" | "off">;
}

export function createServeHost(options: NodeServeHostOptions = {}): ServeHost {
  const signals = options.signals ?? process;
  return {
    listen,
    onShutdownSignal(handler) {
      const listeners = SIGNALS.map((signal) => [signal, () => handler(signal)] as const);
      for (const [signal, listener] of listeners) signals.on(signal, listener);
      return () => listeners.forEach(([signal, listener]) => signals.off(signal, listener));
    },
    setTimer,
    startInBackground,
  };
}

/** Node's timers take at most 2^31-1 ms (about 24.8 days); longer delays are waited out in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

function setTimer(delayMs: number, callback: () => void): () => void {
  let timer: NodeJS.Timeout;
  const arm = (remainingMs: number) => {
    const step = Math.min(Math.max(0, remainingMs), MAX_TIMER_MS);
    timer = setTimeout(() => (remainingMs > MAX_TIMER_MS ? arm(remainingMs - MAX_TIMER_MS) : callback()), step);
    timer.unref();
  };
  arm(delayMs);
  return () => clearTimeout(timer);
}

async function listen(target: ListenTarget, handler: RequestHandler): Promise<Listener> {
  const server = createServer({ keepAliveTimeout: 60_000, headersTimeout: 10_000, requestTimeout: 60_000 }, (request, response) =>
    dispatch(handler, request, response),
  );
  server.on("clientError", (_error, socket) => {
    if (socket.writable) socket.end("HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
    else socket.destroy();
  });
  if ("socketPath" in target) {
    await removeStaleSocket(target.socketPath);
    await listenOnSocket(server, target.socketPath);
  } else {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ host: target.host, port: target.port, exclusive: true }, () => {
        server.off("error", reject);
        resolve();
      });
    });
  }
  const address = server.address();
  const port = address !== null && typeof address === "object" ? address.port : undefined;
  return {
    port,
    close: (graceMs) => closeServer(server, graceMs, "socketPath" in target ? target.socketPath : undefined),
  };
}

function dispatch(handler: RequestHandler, request: IncomingMessage, response: ServerResponse): void {
  const serveRequest: ServeRequest = {
    method: request.method ?? "GET",
    url: request.url ?? "/",
    headers: request.headers,
    body: (maxBytes) => readBody(request, maxBytes),
  };
  let answer: ServeResponse | Promise<ServeResponse>;
  try {
    answer = handler(serveRequest);
  } catch (error) {
    answer = internalError(error);
  }
  if (answer instanceof Promise) answer.then((done) => send(response, done), (error: unknown) => send(response, internalError(error)));
  else send(response, answer);
}

function internalError(error: unknown): ServeResponse {
  return { status: 500, body: JSON.stringify({ statusCode: 500, message: error instanceof Error ? error.message : String(error) }) };
}

function send(response: ServerResponse, answer: ServeResponse): void {
  if (response.destroyed) return;
  response.writeHead(answer.status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(answer.body),
    "cache-control": "no-store",
    ...answer.headers,
  });
  response.end(answer.body);
}

function readBody(request: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBytes) {
        request.removeAllListeners("data");
        request.resume();
        reject(new BodyTooLargeError(`request body over ${maxBytes} bytes`));
      } else chunks.push(chunk);
    });
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}

/**
 * Binds with a umask that leaves the socket 0600 from its first moment (bind happens synchronously inside
 * listen), then sets the mode again in case the umask could not be changed (worker threads).
 */
async function listenOnSocket(server: Server, path: string): Promise<void> {
  let previous: number | undefined;
  try {
    previous = process.umask(0o177);
  } catch {
    previous = undefined;
  }
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen({ path, exclusive: true }, () => {
        server.off("error", reject);
        resolve();
      });
      if (previous !== undefined) process.umask(previous);
      previous = undefined;
    });
  } finally {
    if (previous !== undefined) process.umask(previous);
  }
  chmodSync(path, 0o600);
}

/** A socket file nobody listens on (a server that was killed) is removed; a live one or any other file is an error. */
async function removeStaleSocket(path: string): Promise<void> {
  let isSocket: boolean;
  try {
    isSocket = lstatSync(path).isSocket();
  } catch {
    return;
  }
  if (!isSocket) throw new Error(`${path} exists and is not a socket`);
  const live = await new Promise<boolean>((resolve) => {
    const probe = connect({ path });
    probe.once("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.once("error", () => resolve(false));
  });
  if (live) throw new Error(`another server is listening on ${path}`);
  unlinkSync(path);
}

async function closeServer(server: Server, graceMs: number, socketPath: string | undefined): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), graceMs);
  force.unref();
  await closed;
  clearTimeout(force);
  if (socketPath) {
    try {
      unlinkSync(socketPath);
    } catch {
      // already gone
    }
  }
}

function startInBackground(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<BackgroundStart> {
  return new Promise((resolve, reject) => {
    const script = process.argv[1];
    if (!script) return reject(new Error("cannot tell which script to start in the background"));
    const child = spawn(process.execPath, [script, ...argv], { detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...env } });
    let stdout = "";
    let stderr = "";
    let settled = false;
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
      const newline = stdout.indexOf("\n");
      if (newline < 0 || settled) return;
      settled = true;
      // the child goes on alone: drop our ends of its pipes and do not wait for it
      child.stdout.destroy();
      child.stderr.destroy();
      child.unref();
      resolve({ kind: "ready", pid: child.pid!, line: stdout.slice(0, newline) });
    });
    child.on("error", (error) => {
      if (!settled) reject(error);
      settled = true;
    });
    child.on("close", (code, signal) => {
      if (settled) return;
      settled = true;
      resolve({ kind: "exited", exitCode: code ?? (signal ? 128 : 1), stderr });
    });
  });
}
