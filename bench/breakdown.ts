// Where a refresh spends its time: the refresh command run with a --require preload that timestamps Node's start,
// aztoken's start up to the cache miss (bin/aztoken.js, dist/aztoken.js through its code cache), the chunks a refresh loads,
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
  ["entry", "bin/aztoken.js, dist/aztoken.js through its code cache, and the start up to the cache miss (profile, argv, cache lookup)"],
  ["chunks", "loading the refresh code (lazy chunks: token client, HTTP) and the Node modules it loads first (net, crypto, tls)"],
  ["tls", "TLS handshake through the proxy tunnel, including the first TLS context (root certificates)"],
  ["request", "token request sent until the whole answer is in"],
  ["after", "from the answer to exit: cache write (temp file, fsync, rename) and output"],
  ["other", "the rest: the cache lock, opening the connection and the proxy's CONNECT answer where they are not overlapped, the event loop"],
] as const;

export type Phase = (typeof PHASES)[number][0];

const PRELOAD = `"use strict";
const Module = require("node:module");
// process.uptime, not performance.now: the performance global loads perf_hooks, which the refresh itself does not
const now = () => process.uptime() * 1000;
const times = { entry: 0, chunks: 0, tls: 0, request: 0 };
let depth = 0;
let firstChunkAt = 0;
// bin/aztoken.js compiles each chunk with vm.Script (through its code cache), then calls the module function:
// the chunks phase is both, for the chunks loaded outside another chunk's load.
const vm = require("node:vm");
const Script = vm.Script;
vm.Script = class extends Script {
  constructor(code, options) {
    const chunk = depth === 0 && /(^|[\\/])chunks[\\/][^\\/]*\\.js$/.test((options && options.filename) || "");
    const at = now();
    super(code, options);
    this.chunk = chunk;
    if (!chunk) return;
    if (!firstChunkAt) firstChunkAt = at;
    times.chunks += now() - at;
  }
  runInThisContext(...args) {
    const run = super.runInThisContext(...args);
    if (!this.chunk) return run;
    return function (...callArgs) {
      const at = now();
      depth++;
      try {
        return run.apply(this, callArgs);
      } finally {
        depth--;
        times.chunks += now() - at;
      }
    };
  }
};
const load = Module._load;
Module._load = function (request) {
  const loaded = load.apply(this, arguments);
  // node:tls is wrapped when the application loads it: requiring it here would add its cost to the run
  if ((request === "node:tls" || request === "tls") && !loaded.connect.wrapped) wrapTlsConnect(loaded);
  return loaded;
};
// aztoken loads some builtins with process.getBuiltinModule, node:tls among them, outside any chunk's top level:
// a builtin's first load counts as loading code too.
const getBuiltinModule = process.getBuiltinModule;
if (typeof getBuiltinModule === "function") {
  process.getBuiltinModule = function (id) {
    const name = String(id).replace(/^node:/, "");
    const first = depth === 0 && !process.moduleLoadList.includes("NativeModule " + name);
    const at = now();
    const loaded = getBuiltinModule.call(this, id);
    if (first) times.chunks += now() - at;
    if (name === "tls" && loaded && !loaded.connect.wrapped) wrapTlsConnect(loaded);
    return loaded;
  };
}
// The client writes its request as it connects (wire.ts), so TLS ends as the request leaves; the socket is
// destroyed as soon as the whole answer is in.
let requestAt = 0;
let answeredAt = 0;
function wrapTlsConnect(tls) {
  const connect = tls.connect;
  tls.connect = function (...args) {
    const at = now();
    const socket = connect.apply(this, args);
    socket.once("secureConnect", () => {
      requestAt = now();
      times.tls += requestAt - at;
    });
    const destroy = socket.destroy;
    socket.destroy = function (...destroyArgs) {
      if (requestAt && !answeredAt) {
        answeredAt = now();
        times.request += answeredAt - requestAt;
      }
      return destroy.apply(this, destroyArgs);
    };
    return socket;
  };
  tls.connect.wrapped = true;
}
// Node's start-up, this preload included (it loads nothing but vm).
const started = now();
process.on("exit", () => {
  const total = now();
  times.entry = firstChunkAt ? firstChunkAt - started : 0;
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
