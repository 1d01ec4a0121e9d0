// The token server: routes each request to its protocol after the Host and browser checks, and writes one log
// line per request (time, method, resource, status, milliseconds; never a token or the secret).
import type { Clock } from "../../infra/deps.js";
import type { ListenTarget, ServeHost, ServeRequest, ServeResponse } from "../../infra/serve-types.js";
import { redact } from "../redact.js";
import { APP_SERVICE_PATH, appServiceError, appServiceProtocol, headerValue } from "./app-service.js";
import { AZD_PATH, azdProtocol } from "./azd.js";
import { fromBrowser, hostAllowed, type Binding } from "./guard.js";
import type { Protocol, ProtocolContext, RequestRecord } from "./protocol.js";

export interface TokenServerOptions {
  target: ListenTarget;
  context: ProtocolContext;
  clock: Clock;
  /** Receives each request's log line (without the newline). */
  log(line: string): void;
}

export interface TokenServer {
  /** Where it listens, with the port the system chose. */
  readonly binding: Binding;
  /** When the last request arrived (epoch ms; the start time before the first). */
  lastRequestAt(): number;
  /** Stops accepting and waits for in-flight requests (a few seconds at most). */
  stop(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 3_000;
const MAX_LOGGED_RESOURCE = 200;

export async function startTokenServer(host: ServeHost, options: TokenServerOptions): Promise<TokenServer> {
  const { clock, log, target } = options;
  const routes = new Map<string, Protocol>([
    [APP_SERVICE_PATH, appServiceProtocol(options.context)],
    [AZD_PATH, azdProtocol(options.context)],
  ]);
  let lastRequestAt = clock.now();
  // the binding is known once listening; requests cannot arrive before that
  let binding: Binding = "socketPath" in target ? { kind: "socket", path: target.socketPath } : { kind: "tcp", host: target.host, port: target.port };

  const handler = (request: ServeRequest): ServeResponse | Promise<ServeResponse> => {
    const started = performance.now();
    lastRequestAt = clock.now();
    const record: RequestRecord = {};
    const question = request.url.indexOf("?");
    const path = (question < 0 ? request.url : request.url.slice(0, question)).replace(/(.)\/+$/, "$1");
    const protocol = routes.get(path);
    const finish = (response: ServeResponse): ServeResponse => {
      log(logLine(clock.now(), request.method, record.resource ?? path, response.status, performance.now() - started));
      return response;
    };
    let response: ServeResponse | Promise<ServeResponse>;
    if (!protocol) {
      response = appServiceError(404, `No endpoint at ${path}: tokens are served at ${APP_SERVICE_PATH} (App Service) and ${AZD_PATH} (azd).`);
    } else if (!hostAllowed(binding, headerValue(request.headers.host))) {
      response = protocol.refusal(403, "The Host header does not name this server's address.");
    } else if (fromBrowser(request.headers)) {
      response = protocol.refusal(403, "Requests from web pages (with an Origin header) are refused.");
    } else {
      try {
        response = protocol.handle(request, new URLSearchParams(question < 0 ? "" : request.url.slice(question + 1)), record);
      } catch (error) {
        response = protocol.refusal(500, error instanceof Error ? error.message : String(error));
      }
    }
    return response instanceof Promise
      ? response.then(finish, (error: unknown) => finish(protocol!.refusal(500, error instanceof Error ? error.message : String(error))))
      : finish(response);
  };

  const listener = await host.listen(target, handler);
  if (binding.kind === "tcp") binding = { ...binding, port: listener.port! };
  return {
    get binding() {
      return binding;
    },
    lastRequestAt: () => lastRequestAt,
    stop: () => listener.close(SHUTDOWN_GRACE_MS),
  };
}

/** `2026-12-01T18:00:00.000Z GET https://vault.azure.net 200 0.3 ms`; what the client sent is masked and cut. */
function logLine(nowMs: number, method: string, resource: string, status: number, elapsedMs: number): string {
  let shown = redact(resource).replace(/[\x00-\x1f\x7f]/g, "?");
  if (shown.length > MAX_LOGGED_RESOURCE) shown = `${shown.slice(0, MAX_LOGGED_RESOURCE)}...`;
  return `${new Date(nowMs).toISOString()} ${method.replace(/[^A-Z]/gi, "?")} ${shown} ${status} ${elapsedMs.toFixed(1)} ms`;
}
