// The seam of long-running commands (`serve`): a listening HTTP server, process signals, timers and a process
// started in the background. The Node implementation is infra/serve-host.ts, loaded only by `serve`; tests give
// their own signals and timers and keep the real loopback server.

/** One HTTP request as the handler sees it: no streams, the body read on demand. */
export interface ServeRequest {
  method: string;
  /** Path and query as sent (`/msi/token?resource=...`). */
  url: string;
  /** Header names in lower case, as node:http gives them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body as UTF-8; rejects with BodyTooLargeError past `maxBytes`. */
  body(maxBytes: number): Promise<string>;
}

export interface ServeResponse {
  status: number;
  /** Sent as application/json. */
  body: string;
  headers?: Record<string, string>;
}

/** Answers a request; a cached answer is returned synchronously, so the hot path makes no promise. */
export type RequestHandler = (request: ServeRequest) => ServeResponse | Promise<ServeResponse>;

export type ListenTarget = { host: string; port: number } | { socketPath: string };

export interface Listener {
  /** The TCP port bound (the one asked for, or the one the system chose for 0); undefined on a Unix socket. */
  readonly port: number | undefined;
  /** Stops accepting, lets in-flight requests finish (at most `graceMs`), closes keep-alive connections. */
  close(graceMs: number): Promise<void>;
}

export type ShutdownSignal = "SIGINT" | "SIGTERM";

/** How a process started in the background went: its first stdout line, or its exit before that line. */
export type BackgroundStart = { kind: "ready"; pid: number; line: string } | { kind: "exited"; exitCode: number; stderr: string };

export interface ServeHost {
  listen(target: ListenTarget, handler: RequestHandler): Promise<Listener>;
  /** Calls `handler` on SIGINT/SIGTERM instead of the default exit; returns a function that removes it. */
  onShutdownSignal(handler: (signal: ShutdownSignal) => void): () => void;
  /** A timer that does not keep the process alive by itself; returns its cancel function. */
  setTimer(delayMs: number, callback: () => void): () => void;
  /**
   * Starts this CLI again with `argv`, detached from the terminal, and waits for its first line on stdout; the
   * child then runs on its own (its stdout and stderr are closed on our side).
   */
  startInBackground(argv: readonly string[], env: Readonly<Record<string, string | undefined>>): Promise<BackgroundStart>;
}

export class BodyTooLargeError extends Error {
  override name = "BodyTooLargeError";
}
