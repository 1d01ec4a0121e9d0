// Test-only preload for CLI child processes (NODE_OPTIONS=--require <this file>): the process lives on a machine
// whose clock runs AZTOKEN_TEST_CLOCK_OFFSET_MS ahead, so a test can play a job of several hours against the fake
// Entra ID (whose clock it moves by the same amount) in seconds. Both faces of a machine's clock move: Date, and
// file times as the process sees and sets them (file locks judge staleness by mtime against Date.now; the disk
// keeps real times, so processes with the same offset agree). Nothing in src/ knows about it. Durations
// (performance.now, timers) and TLS certificate checks keep real time.
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
  // Times a process sets (utimes with a Date or seconds) go to the disk in real time.
  const unshiftTime = (time) =>
    time instanceof RealDate ? new RealDate(time.getTime() - offset) : typeof time === "number" ? time - offset / 1000 : time;
  const unshiftTimes = (args, at) => args.map((arg, index) => (index === at || index === at + 1 ? unshiftTime(arg) : arg));

  const wrap = (target, name, wrapper) => {
    const original = target[name];
    if (typeof original === "function") target[name] = wrapper(original);
  };
  for (const name of ["stat", "lstat", "fstat"]) {
    wrap(fs, `${name}Sync`, (sync) => (...args) => shiftStats(sync(...args)));
    wrap(fs.promises, name, (promised) => async (...args) => shiftStats(await promised(...args)));
    wrap(fs, name, (callback) => (...args) => {
      const done = args.pop();
      callback(...args, (error, stats) => done(error, shiftStats(stats)));
    });
  }
  for (const name of ["utimes", "futimes", "lutimes"]) {
    wrap(fs, `${name}Sync`, (sync) => (...args) => sync(...unshiftTimes(args, 1)));
    wrap(fs, name, (callback) => (...args) => callback(...unshiftTimes(args, 1)));
    wrap(fs.promises, name, (promised) => (...args) => promised(...unshiftTimes(args, 1)));
  }
  // FileHandle (fs.promises.open) has its own stat and utimes; its prototype is reachable only from a handle.
  let handlePatched = false;
  wrap(fs.promises, "open", (open) => async (...args) => {
    const handle = await open(...args);
    if (!handlePatched) {
      handlePatched = true;
      const prototype = Object.getPrototypeOf(handle);
      wrap(prototype, "stat", (stat) => async function (...rest) {
        return shiftStats(await stat.apply(this, rest));
      });
      wrap(prototype, "utimes", (utimes) => function (...rest) {
        return utimes.apply(this, unshiftTimes(rest, 0));
      });
    }
    return handle;
  });
}
