// `aztoken serve` under load: the built CLI serves the `user` profile's cached ARM token, and keep-alive
// clients on loopback ask for it as fast as answers come back (a closed loop per connection, plain HTTP/1.1
// written on raw sockets so the client costs little of the two cores). Per-request latency median and p99,
// requests per second, and every answer checked (status 200, the same token). Self-contained: bench.ts calls
// measureServe and appends renderServeSection to the report.
import { spawn } from "node:child_process";
import { connect, type Socket } from "node:net";
import { loadavg } from "node:os";
import { markdownTable } from "./table.js";

export interface ServeBenchContext {
  node: string;
  bin: string;
  home: string;
  configDir: string;
  fakeEnv: Record<string, string>;
  smoke: boolean;
}

export interface ServeBenchRow {
  connections: number;
  /** 1-minute load average when the row started and ended: the machine is shared, the numbers move with it. */
  load: [number, number];
  requests: number;
  wallMs: number;
  medianMs: number;
  p99Ms: number;
}

/** The targets of issue 13, judged on every row. */
const TARGET = { medianMs: 1, p99Ms: 5, requestsPerSecond: 5000 };
const ARM_RESOURCE = "https://management.core.windows.net/";

export async function measureServe(context: ServeBenchContext, log: (message: string) => void): Promise<ServeBenchRow[]> {
  const server = await startServer(context);
  try {
    const requests = context.smoke ? 2_000 : 40_000;
    const warm = await load(server, 4, 1_000); // the first request reads the cache file; later ones come from memory
    log(`serve warm-up: ${warm.requests} requests`);
    const rows: ServeBenchRow[] = [];
    for (const connections of [1, 8]) {
      log(`serve: ${requests} requests on ${connections} keep-alive connection(s)`);
      rows.push(await load(server, connections, requests));
    }
    return rows;
  } finally {
    await server.stop();
  }
}

export function renderServeSection(rows: readonly ServeBenchRow[], smoke: boolean): string {
  const perSecond = (row: ServeBenchRow) => row.requests / (row.wallMs / 1000);
  const target = `median ≤ ${TARGET.medianMs} ms, p99 ≤ ${TARGET.p99Ms} ms, ≥ ${TARGET.requestsPerSecond.toLocaleString("en-US")} req/s`;
  const verdict = (row: ServeBenchRow) => {
    if (smoke) return "smoke run: not judged";
    const missed = [
      row.medianMs > TARGET.medianMs ? `median ${row.medianMs.toFixed(2)} ms` : "",
      row.p99Ms > TARGET.p99Ms ? `p99 ${row.p99Ms.toFixed(2)} ms` : "",
      perSecond(row) < TARGET.requestsPerSecond ? `${Math.round(perSecond(row))} req/s` : "",
    ].filter(Boolean);
    return missed.length === 0 ? "✅ met" : `❌ missed: ${missed.join(", ")}`;
  };
  const table = markdownTable(
    [
      { title: "aztoken serve, cached token" },
      { title: "requests", align: "right" },
      { title: "median", align: "right" },
      { title: "p99", align: "right" },
      { title: "req/s", align: "right" },
      { title: "load (1 min)", align: "right" },
      { title: "target" },
      { title: "result" },
    ],
    rows.map((row) => [
      `${row.connections} keep-alive connection${row.connections === 1 ? "" : "s"}`,
      String(row.requests),
      `${row.medianMs.toFixed(3)} ms`,
      `${row.p99Ms.toFixed(3)} ms`,
      String(Math.round(perSecond(row))),
      `${row.load[0].toFixed(1)} → ${row.load[1].toFixed(1)}`,
      target,
      verdict(row),
    ]),
  );
  return (
    "\n## aztoken serve\n\n" +
    table +
    "\n`aztoken serve` (foreground, request log on stderr to /dev/null) with the `user` profile; clients in the bench process send " +
    `\`GET /msi/token?api-version=2019-08-01&resource=${ARM_RESOURCE}\` with X-IDENTITY-HEADER on keep-alive loopback connections, ` +
    "each connection waiting for its answer before the next request; latency is per request, from write to the last byte of the answer.\n"
  );
}

interface RunningServer {
  port: number;
  secret: string;
  stop(): Promise<void>;
}

function startServer(context: ServeBenchContext): Promise<RunningServer> {
  return new Promise((resolve, reject) => {
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: context.home, AZURE_CONFIG_DIR: context.configDir, TZ: "UTC", ...context.fakeEnv };
    const child = spawn(context.node, [context.bin, "serve"], { cwd: "/", env, stdio: ["ignore", "pipe", "ignore"] });
    const exited = new Promise<void>((done) => child.on("close", () => done()));
    let stdout = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const endpoint = /^IDENTITY_ENDPOINT=http:\/\/127\.0\.0\.1:(\d+)\//m.exec(stdout);
      const secret = /^IDENTITY_HEADER=(\w+)$/m.exec(stdout);
      if (!endpoint || !secret || !stdout.includes("AZD_AUTH_KEY=")) return;
      resolve({
        port: Number(endpoint[1]),
        secret: secret[1]!,
        stop: () => {
          child.kill("SIGTERM");
          return exited;
        },
      });
    });
    child.on("error", reject);
    void exited.then(() => reject(new Error(`aztoken serve exited before it was ready: ${stdout}`)));
  });
}

/** `requests` requests spread over `connections` closed-loop keep-alive connections. */
async function load(server: RunningServer, connections: number, requests: number): Promise<ServeBenchRow> {
  const request = Buffer.from(
    `GET /msi/token?api-version=2019-08-01&resource=${encodeURIComponent(ARM_RESOURCE)} HTTP/1.1\r\n` +
      `Host: 127.0.0.1:${server.port}\r\nX-IDENTITY-HEADER: ${server.secret}\r\nConnection: keep-alive\r\n\r\n`,
  );
  const loadAtStart = loadavg()[0]!;
  const latencies = new Float64Array(requests);
  let issued = 0;
  let token: string | undefined;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const socket = await open(server.port);
      const reader = responseReader(socket);
      try {
        while (issued < requests) {
          const index = issued++;
          const sentAt = performance.now();
          socket.write(request);
          const answer = await reader.next();
          latencies[index] = performance.now() - sentAt;
          if (answer.status !== 200) throw new Error(`aztoken serve answered ${answer.status}: ${answer.body}`);
          const accessToken = (JSON.parse(answer.body) as { access_token?: string }).access_token;
          if (!accessToken || (token !== undefined && accessToken !== token)) throw new Error("aztoken serve answered without the cached token");
          token = accessToken;
        }
      } finally {
        socket.destroy();
      }
    }),
  );
  const wallMs = performance.now() - started;
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const at = (fraction: number) => sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
  return { connections, load: [loadAtStart, loadavg()[0]!], requests, wallMs, medianMs: at(0.5), p99Ms: at(0.99) };
}

function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: "127.0.0.1", port, noDelay: true });
    socket.once("connect", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Reads HTTP/1.1 responses framed by Content-Length, one per next(). */
function responseReader(socket: Socket): { next(): Promise<{ status: number; body: string }> } {
  let buffer: Buffer = Buffer.alloc(0);
  let waiting: ((answer: { status: number; body: string }) => void) | undefined;
  let failed: Error | undefined;
  let fail: ((error: Error) => void) | undefined;
  const tryParse = () => {
    if (!waiting) return;
    const headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0) return;
    const head = buffer.subarray(0, headerEnd).toString("latin1");
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? "0");
    if (buffer.length < headerEnd + 4 + length) return;
    const body = buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString("utf8");
    buffer = buffer.subarray(headerEnd + 4 + length);
    const done = waiting;
    waiting = undefined;
    done({ status: Number(head.slice(9, 12)), body });
  };
  socket.on("data", (chunk: Buffer) => {
    buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
    tryParse();
  });
  socket.on("error", (error) => {
    failed = error;
    fail?.(error);
  });
  socket.on("close", () => {
    failed ??= new Error("connection closed");
    fail?.(failed);
  });
  return {
    next: () =>
      new Promise((resolve, reject) => {
        if (failed) return reject(failed);
        waiting = resolve;
        fail = reject;
        tryParse();
      }),
  };
}
