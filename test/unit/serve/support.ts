// Runs `serve` in-process (runCli, memory IO, the stub token endpoint) on a real loopback server whose signals
// come from an emitter the test owns, and sends it raw HTTP requests (node:http lets a test set Host and Origin).
import { EventEmitter } from "node:events";
import { request as httpRequest, type Agent } from "node:http";
import { runCli } from "../../../src/cli/run.js";
import { createServeHost } from "../../../src/infra/serve-host.js";
import { parseEnvFile } from "../../support/env-file.js";
import type { MemoryDeps } from "../../support/memory-deps.js";

export interface RunningServe {
  vars: Record<string, string>;
  deps: MemoryDeps;
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: "SIGINT" | "SIGTERM"): Promise<number>;
  /** Settles when the command returns by itself. */
  done: Promise<number>;
}

export async function startServe(args: string[], deps: MemoryDeps): Promise<RunningServe> {
  const signals = new EventEmitter();
  deps.serveHost = async () => createServeHost({ signals });
  const done = runCli(["serve", ...args], deps);
  let finished = false;
  void done.finally(() => (finished = true));
  for (let waited = 0; !deps.io.stdout.text().includes("AZD_AUTH_KEY="); waited += 10) {
    if (finished || waited > 10_000) throw new Error(`serve did not start: ${deps.io.stderr.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return {
    vars: parseEnvFile(deps.io.stdout.text()),
    deps,
    done,
    stop(signal = "SIGTERM") {
      signals.emit(signal);
      return done;
    },
  };
}

export interface HttpAnswer {
  status: number;
  json: Record<string, unknown>;
}

export function send(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; socketPath?: string; agent?: Agent } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const request = httpRequest(
      {
        ...(options.socketPath ? { socketPath: options.socketPath } : { host: target.hostname, port: target.port }),
        path: `${target.pathname}${target.search}`,
        method: options.method ?? "GET",
        headers: options.headers,
        agent: options.agent ?? false,
      },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode!, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} }));
      },
    );
    request.on("error", reject);
    request.end(options.body);
  });
}

/** An App Service request for `resource` with the server's secret (or the given headers instead). */
export function appService(vars: Record<string, string>, resource: string, headers?: Record<string, string>, extraQuery = ""): Promise<HttpAnswer> {
  const url = `${vars.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=${encodeURIComponent(resource)}${extraQuery}`;
  return send(url, { headers: headers ?? { "X-IDENTITY-HEADER": vars.IDENTITY_HEADER! } });
}

/** An azd external-authentication request, as azd's RemoteCredential sends it. */
export function azd(vars: Record<string, string>, body: unknown, key = vars.AZD_AUTH_KEY!): Promise<HttpAnswer> {
  return send(`${vars.AZD_AUTH_ENDPOINT}/token?api-version=2023-07-12-preview`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${key}` },
    body: JSON.stringify(body),
  });
}
