// Where a refresh spends its time: the refresh command run with a --require preload that timestamps Node's start,
// the loading of aztoken's files (dist/aztoken.js with its synchronous start, then the chunks a refresh loads),
// the TLS handshake, the token request, and what follows the answer (cache write, output, exit). The preload
// prints one JSON line on stderr as the process exits; medians of several runs go into the report.
import { copyFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { CheckedCase } from "./cases.js";
import { expectSuccess, run } from "./process.js";
import { summarise } from "./stats.js";

const MARKER = "aztoken-bench-breakdown=";

/** The phases in order, with what each one covers. */
export const PHASES = [
  ["node", "Node start-up until the first line of JavaScript (the `node -e 0` part)"],
  ["entry", "loading dist/aztoken.js and its synchronous start (profile, argv, cache lookup)"],
  ["chunks", "loading the refresh code (lazy chunks: token client, HTTP, TLS modules)"],
  ["tls", "TLS handshake through the proxy tunnel, including the first TLS context (root certificates)"],
  ["request", "token request sent until the whole answer is in"],
  ["after", "from the answer to exit: cache write (temp file, fsync, rename) and output"],
  ["other", "the rest: lock, proxy CONNECT, waiting on the event loop"],
] as const;

export type Phase = (typeof PHASES)[number][0];

const PRELOAD = `"use strict";
const started = performance.now();
const Module = require("node:module");
const times = { entry: 0, chunks: 0, tls: 0, request: 0 };
let depth = 0;
const load = Module._load;
Module._load = function (request) {
  const ours = depth === 0 && /(^|\\/)(dist\\/aztoken|chunks\\/)[^/]*\\.js$|^\\.\\.?\\/[^/]*\\.js$/.test(request) && !request.startsWith("node:");
  const at = performance.now();
  depth += ours ? 1 : 0;
  try {
    return load.apply(this, arguments);
  } finally {
    if (ours) {
      depth--;
      times[/(aztoken)\\.js$/.test(request) ? "entry" : "chunks"] += performance.now() - at;
    }
  }
};
const tls = require("node:tls");
const connect = tls.connect;
tls.connect = function (...args) {
  const at = performance.now();
  const socket = connect.apply(this, args);
  socket.once("secureConnect", () => (times.tls += performance.now() - at));
  return socket;
};
const channels = require("node:diagnostics_channel");
let requestAt = 0;
let answeredAt = 0;
channels.subscribe("http.client.request.start", () => (requestAt = performance.now()));
channels.subscribe("http.client.response.finish", () => ((answeredAt = performance.now()), (times.request += answeredAt - requestAt)));
process.on("exit", () => {
  const total = performance.now();
  const after = answeredAt ? total - answeredAt : 0;
  const phases = { node: started, ...times, after };
  phases.other = total - Object.values(phases).reduce((sum, value) => sum + value, 0);
  require("node:fs").writeSync(2, "\\n${MARKER}" + JSON.stringify({ total, phases }) + "\\n");
});
`;

export interface Breakdown {
  runs: number;
  totalMs: number;
  /** Median of each phase over the runs. */
  phases: Record<Phase, number>;
}

export async function measureRefreshBreakdown(refresh: CheckedCase, runs: number, tmp: string): Promise<Breakdown> {
  const preload = join(tmp, "breakdown-preload.cjs");
  writeFileSync(preload, PRELOAD);
  const samples: { total: number; phases: Record<Phase, number> }[] = [];
  for (let index = 0; index < runs + 1; index++) {
    if (refresh.reset) copyFileSync(refresh.reset.from, refresh.reset.to);
    const outcome = expectSuccess("refresh breakdown", await run({ ...refresh.command, args: ["--require", preload, ...refresh.command.args] }));
    const line = outcome.stderr.split("\n").find((text) => text.startsWith(MARKER));
    if (!line) throw new Error(`refresh breakdown: no measurement in stderr: ${outcome.stderr.trim()}`);
    if (index > 0) samples.push(JSON.parse(line.slice(MARKER.length)) as { total: number; phases: Record<Phase, number> }); // the first run warms the disk cache
  }
  const median = (values: number[]) => summarise(values).median;
  const phases = Object.fromEntries(PHASES.map(([phase]) => [phase, median(samples.map((sample) => sample.phases[phase]))])) as Record<Phase, number>;
  return { runs, totalMs: median(samples.map((sample) => sample.total)), phases };
}
