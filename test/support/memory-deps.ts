// Deps for in-process tests: captured stdout/stderr, a fixed clock, a given environment and HTTP stub.
import type { Deps, OutputStream } from "../../src/infra/deps.js";
import type { HttpClient, HttpRequest, HttpResponse } from "../../src/infra/http-types.js";

export interface CapturedStream extends OutputStream {
  text(): string;
}

export function capture(isTTY = false): CapturedStream {
  let buffer = "";
  return {
    isTTY,
    write(text: string) {
      buffer += text;
    },
    text: () => buffer,
  };
}

export interface MemoryDeps extends Deps {
  io: { stdout: CapturedStream; stderr: CapturedStream; stdinIsTTY: boolean; promptSecret(question: string): Promise<string> };
  requests: HttpRequest[];
}

export function memoryDeps(options: {
  env?: Record<string, string>;
  nowMs?: number;
  homeDir?: string;
  respond?: (request: HttpRequest) => HttpResponse | Promise<HttpResponse>;
  tty?: boolean;
}): MemoryDeps {
  const requests: HttpRequest[] = [];
  const http: HttpClient = {
    async send(request) {
      requests.push(request);
      if (!options.respond) throw new Error(`unexpected HTTP request: ${request.method} ${request.url}`);
      return options.respond(request);
    },
  };
  return {
    io: {
      stdout: capture(options.tty),
      stderr: capture(options.tty),
      stdinIsTTY: false,
      promptSecret: async (question) => {
        throw new Error(`unexpected prompt: ${question}`);
      },
    },
    env: options.env ?? {},
    clock: { now: () => options.nowMs ?? Date.UTC(2026, 10, 24, 12, 0, 0, 500) },
    platform: process.platform,
    arch: process.arch,
    execPath: process.execPath,
    homeDir: options.homeDir ?? "/nonexistent-home",
    cwd: "/",
    http: async () => http,
    serveHost: async () => {
      throw new Error("unexpected serve host: give memoryDeps a serveHost");
    },
    requests,
  };
}
