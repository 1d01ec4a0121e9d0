// Test-only preload for CLI child processes (NODE_OPTIONS=--require <this file>): the process lives on a machine
// whose clock runs AZTOKEN_TEST_CLOCK_OFFSET_MS ahead, so a test can play a job of several hours against the fake
// Entra ID (whose clock it moves by the same amount) in seconds. Both faces of a machine's clock move: Date, and
// the times the file system reports (file locks judge staleness by mtime against Date.now). Nothing in src/ knows
// about it. Durations (performance.now, timers) and TLS certificate checks keep real time.
"use strict";
const fs = require("node:fs");

const offset = Number(process.env.AZTOKEN_TEST_CLOCK_OFFSET_MS || 0);
if (offset) {
  const RealDate = Date;
  const shiftedNow = () => RealDate.now() + offset;
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) => Reflect.construct(target, args.length === 0 ? [shiftedNow()] : args, newTarget),
    apply: () => new RealDate(shiftedNow()).toString(),
    get: (target, property, receiver) => (property === "now" ? shiftedNow : Reflect.get(target, property, receiver)),
  });

  const TIMES = ["atime", "mtime", "ctime", "birthtime"];
  const shiftStats = (stats) => {
    if (!stats || typeof stats !== "object") return stats;
    for (const time of TIMES) {
      const ms = stats[`${time}Ms`];
      if (typeof ms === "number") {
        stats[`${time}Ms`] = ms + offset;
        stats[time] = new RealDate(ms + offset);
      } else if (typeof ms === "bigint") {
        stats[`${time}Ms`] = ms + BigInt(offset);
        stats[`${time}Ns`] = stats[`${time}Ns`] + BigInt(offset) * 1_000_000n;
        stats[time] = new RealDate(Number(ms) + offset);
      }
    }
    return stats;
  };
  for (const name of ["stat", "lstat", "fstat"]) {
    const sync = fs[`${name}Sync`];
    fs[`${name}Sync`] = (...args) => shiftStats(sync(...args));
    const promised = fs.promises[name];
    fs.promises[name] = async (...args) => shiftStats(await promised(...args));
    const callback = fs[name];
    fs[name] = (...args) => {
      const done = args.pop();
      callback(...args, (error, stats) => done(error, shiftStats(stats)));
    };
  }
}
