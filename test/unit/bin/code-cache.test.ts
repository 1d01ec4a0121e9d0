// The V8 code cache bin/aztoken.js runs dist/aztoken.js through: written once, private, reused while the entry is
// unchanged, and never used for a changed entry (V8 itself checks only the source's length).
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const CODE_CACHE = require.resolve("../../../bin/aztoken.js");

const roots: string[] = [];
afterEach(() => roots.splice(0).forEach((root) => rmSync(root, { recursive: true, force: true })));

function setup() {
  const root = mkdtempSync(join(tmpdir(), "aztoken-code-cache-"));
  roots.push(root);
  const cacheDir = join(root, "cache");
  mkdirSync(cacheDir, { mode: 0o700 });
  const entry = join(root, "entry.js");
  const runner = join(root, "run.js");
  writeFileSync(runner, `require(${JSON.stringify(CODE_CACHE)}).runWithCodeCache(process.argv[2], process.argv[3] || undefined, Number(process.argv[4]));\n`);
  const run = (dir: string | undefined = cacheDir, nodeFlags: string[] = [], kind = 7) => {
    const result = spawnSync(process.execPath, [...nodeFlags, runner, entry, dir ?? "", String(kind)], { encoding: "utf8" });
    return { rc: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const caches = () => readdirSync(cacheDir).filter((name) => name.startsWith("code-"));
  return { cacheDir, entry, run, caches };
}

// Files under 4 KB compile without a cache (bin's MIN_CACHED_SOURCE): the test modules carry this comment.
const PADDING = `// ${"padding ".repeat(600)}\n`;

// A module that uses what a CommonJS module has: require, module.exports, __filename, __dirname, process.argv.
const moduleText = (word: string) =>
  `"use strict";\n${PADDING}\nconst { basename } = require("node:path");\nmodule.exports = 1;\nfunction greet() { return "${word}"; }\n` +
  `process.stdout.write(greet() + " " + basename(__filename) + " " + basename(__dirname).length + " " + process.argv.length + "\\n");\n`;

describe("runWithCodeCache", () => {
  it("runs the file like require() and writes one cache, 0600, at exit; later runs reuse it", () => {
    const { cacheDir, entry, run, caches } = setup();
    writeFileSync(entry, moduleText("hello"));
    const first = run();
    expect(first).toMatchObject({ rc: 0, stderr: "" });
    expect(first.stdout).toMatch(/^hello entry\.js \d+ 5\n$/);
    expect(caches()).toHaveLength(1);
    const cacheFile = join(cacheDir, caches()[0]!);
    expect(caches()[0]).toMatch(new RegExp(`^code-[0-9a-f]{8}-${statSync(entry).size}-\\d+-\\d+$`));
    if (process.platform !== "win32") expect(statSync(cacheFile).mode & 0o777).toBe(0o600);
    const kinds = () => {
      const stored = readFileSync(cacheFile);
      return Array.from({ length: stored[0]! }, (_, index) => stored.readUInt32LE(1 + 4 * index));
    };
    expect(kinds()).toEqual([7]); // the kinds of run that wrote it

    // another run of the same kind leaves it as it is; each new kind adds to it, up to eight
    const written = readFileSync(cacheFile);
    expect(run()).toEqual(first);
    expect(readFileSync(cacheFile)).toEqual(written);
    for (const kind of [8, 9, 10, 11, 12, 13, 14]) expect(run(cacheDir, [], kind)).toEqual(first);
    expect(kinds()).toEqual([7, 8, 9, 10, 11, 12, 13, 14]);
    const full = readFileSync(cacheFile);
    expect(run(cacheDir, [], 15)).toEqual(first);
    expect(readFileSync(cacheFile)).toEqual(full);
    expect(readdirSync(cacheDir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("a file in another layout (an older version's) is rejected by V8 and replaced", () => {
    const { cacheDir, entry, run, caches } = setup();
    writeFileSync(entry, moduleText("hello"));
    run();
    const cacheFile = join(cacheDir, caches()[0]!);
    const stored = readFileSync(cacheFile);
    // the old layout: one generation byte, then V8's data
    writeFileSync(cacheFile, Buffer.concat([Uint8Array.of(3), stored.subarray(5)]));
    expect(run().stdout).toMatch(/^hello /);
    const replaced = readFileSync(cacheFile);
    expect([replaced[0], replaced.readUInt32LE(1)]).toEqual([1, 7]);
  });

  it("the runs that rewrite the cache keep what it held and add the functions they compiled", () => {
    const { cacheDir, entry, caches } = setup();
    const runner = join(cacheDir, "..", "run.js");
    // many functions, each compiled only when its path runs
    const paths = ["a", "b"].map((name) => `function ${name}() { ${Array.from({ length: 40 }, (_, index) => `globalThis.x${name}${index} = ${index} * 2;`).join(" ")} return "${name}"; }`);
    writeFileSync(entry, `${PADDING}${paths.join("\n")}\nprocess.stdout.write(process.argv[5] === "b" ? b() : a());\n`);
    // a and b are different kinds of run (1 and 2)
    const runWith = (which: string) => spawnSync(process.execPath, [runner, entry, cacheDir, which === "b" ? "2" : "1", which], { encoding: "utf8" }).stdout;
    expect(runWith("a")).toBe("a");
    const size = () => statSync(join(cacheDir, caches()[0]!)).size;
    const afterA = size();
    expect(runWith("b")).toBe("b");
    const afterAB = size();
    expect(afterAB).toBeGreaterThan(afterA); // b's code added
    expect(runWith("a")).toBe("a");
    expect(size()).toBeGreaterThanOrEqual(afterAB); // and a's and b's kept
  });

  it("Node flags that make V8 refuse a cache get a cache of their own, so alternating runs do not rewrite each other's", () => {
    const { cacheDir, entry, run, caches } = setup();
    writeFileSync(entry, moduleText("hello"));
    const flags = ["--max-old-space-size=100"];
    for (let index = 0; index < 4; index++) {
      run();
      run(cacheDir, flags);
    }
    expect(caches()).toHaveLength(2);
    const contents = () => caches().map((name) => readFileSync(join(cacheDir, name)).toString("base64"));
    const before = contents();
    expect(run().stdout).toMatch(/^hello /);
    expect(run(cacheDir, flags).stdout).toMatch(/^hello /);
    expect(contents()).toEqual(before);
  });

  it("writing a cache removes other entries' caches not written for 30 days, and keeps recent ones", () => {
    const { cacheDir, entry, run, caches } = setup();
    const old = join(cacheDir, "code-0badc0de-100-1-2");
    const recent = join(cacheDir, "code-0badf00d-100-1-2");
    const unrelated = join(cacheDir, "v22.1.0-x64-notours");
    for (const path of [old, recent, unrelated]) writeFileSync(path, "x");
    const longAgo = new Date(Date.now() - 31 * 24 * 3600 * 1000);
    utimesSync(old, longAgo, longAgo);
    utimesSync(unrelated, longAgo, longAgo);
    writeFileSync(entry, moduleText("hello"));
    run();
    expect(caches()).toHaveLength(2); // the entry's new cache and the recent foreign one
    expect(caches()).toContain("code-0badf00d-100-1-2");
    expect(readdirSync(cacheDir)).toContain("v22.1.0-x64-notours"); // Node's own compile cache is Node's business
    expect(readdirSync(cacheDir)).not.toContain("code-0badc0de-100-1-2");
  });

  it("a changed entry of the same length runs its new code, and its cache replaces the stale one", () => {
    const { entry, run, caches } = setup();
    writeFileSync(entry, moduleText("hello"));
    run();
    const stale = caches();
    writeFileSync(entry, moduleText("howdy")); // same length: V8 alone would accept the old cache
    utimesSync(entry, new Date(), new Date(Date.now() + 5_000));
    expect(run().stdout).toMatch(/^howdy /);
    expect(caches()).toHaveLength(1);
    expect(caches()).not.toEqual(stale);
  });

  it("a corrupt cache file is rejected by V8, the code still runs, and the cache is rewritten", () => {
    const { cacheDir, entry, run, caches } = setup();
    writeFileSync(entry, moduleText("hello"));
    run();
    const cacheFile = join(cacheDir, caches()[0]!);
    writeFileSync(cacheFile, Buffer.alloc(statSync(cacheFile).size, 7));
    expect(run().stdout).toMatch(/^hello /);
    expect(readFileSync(cacheFile).equals(Buffer.alloc(statSync(cacheFile).size, 7))).toBe(false);
  });

  it("without a cache directory it only runs the file; errors thrown by the file surface as from require()", () => {
    const { entry, run, caches } = setup();
    writeFileSync(entry, moduleText("hello"));
    expect(run("").stdout).toMatch(/^hello /);
    expect(caches()).toEqual([]);
    writeFileSync(entry, 'throw new Error("boom from the entry");\n');
    const failed = run();
    expect(failed.rc).toBe(1);
    expect(failed.stderr).toContain("boom from the entry");
    expect(failed.stderr).toContain("entry.js");
  });

  it("an unreadable entry fails as require() would, naming it", () => {
    const { entry, run } = setup();
    const failed = run();
    expect(failed.rc).toBe(1);
    expect(failed.stderr).toContain("Cannot find module");
    expect(failed.stderr).toContain(entry);
  });

  it("leaves the file in require.cache, so requiring it again returns the same instance instead of running it twice", () => {
    const { entry, root } = { ...setup(), root: roots[roots.length - 1]! };
    writeFileSync(entry, 'globalThis.runs = (globalThis.runs ?? 0) + 1;\nmodule.exports = { id: Math.random() };\n');
    const check = join(root, "check.js");
    writeFileSync(
      check,
      `require(${JSON.stringify(CODE_CACHE)}).runWithCodeCache(${JSON.stringify(entry)}, undefined);\n` +
        `const first = require.cache[${JSON.stringify(entry)}];\n` +
        `process.stdout.write(JSON.stringify({ cached: first !== undefined, same: require(${JSON.stringify(entry)}) === first.exports, runs: globalThis.runs, loaded: first.loaded }));\n`,
    );
    const result = spawnSync(process.execPath, [check], { encoding: "utf8" });
    expect(JSON.parse(result.stdout)).toEqual({ cached: true, same: true, runs: 1, loaded: true });
  });

  it("runs the files the entry requires by relative path through caches of their own, one instance each", () => {
    const { cacheDir, entry, run, caches } = setup();
    const root = join(cacheDir, "..");
    mkdirSync(join(root, "chunks"));
    // a chunk big enough to be cached, which requires a tiny one (a stub: no cache) relative to its own folder
    const filler = `// ${"x".repeat(5000)}\n`;
    writeFileSync(join(root, "chunks", "big.js"), `${filler}globalThis.loads = (globalThis.loads ?? 0) + 1;\nmodule.exports = { small: require("../small.js"), name: "big" };\n`);
    writeFileSync(join(root, "small.js"), 'module.exports = "small";\n');
    writeFileSync(
      entry,
      `const a = require("./chunks/big.js");\nconst b = require("./chunks/big.js");\nconst { join } = require("node:path");\n` +
        `process.stdout.write(JSON.stringify({ same: a === b, loads: globalThis.loads, small: a.small, inCache: require.cache[join(__dirname, "chunks", "big.js")].exports === a }));\n`,
    );
    const expected = JSON.stringify({ same: true, loads: 1, small: "small", inCache: true });
    expect(run()).toMatchObject({ rc: 0, stdout: expected, stderr: "" });
    const names = caches();
    expect(names).toHaveLength(1); // the entry is smaller than the cache threshold too; the big chunk has one
    expect(names[0]).toMatch(new RegExp(`-${statSync(join(root, "chunks", "big.js")).size}-`));
    expect(run()).toMatchObject({ rc: 0, stdout: expected });
    expect(caches()).toEqual(names);
  });

  it("caches a dozen chunks in one run without Node's too-many-listeners warning", () => {
    const { entry, run, caches } = setup();
    const root = join(entry, "..");
    const names = Array.from({ length: 12 }, (_, index) => `chunk${index}.js`);
    for (const name of names) writeFileSync(join(root, name), `${PADDING}module.exports = ${JSON.stringify(name)};\n`);
    writeFileSync(entry, `process.stdout.write([${names.map((name) => `require("./${name}")`).join(", ")}].length + "");\n`);
    expect(run()).toMatchObject({ rc: 0, stdout: "12", stderr: "" });
    expect(caches()).toHaveLength(12);
  });

  it("a chunk that throws while loading is left out of require.cache, as require() leaves it", () => {
    const { entry, run } = setup();
    const root = join(entry, "..");
    writeFileSync(join(root, "bad.js"), 'globalThis.tries = (globalThis.tries ?? 0) + 1;\nthrow new Error("bad chunk");\n');
    writeFileSync(
      entry,
      'const { join } = require("node:path");\nfor (let i = 0; i < 2; i++) { try { require("./bad.js"); } catch (error) { process.stdout.write(error.message + " "); } }\n' +
        'process.stdout.write(String(globalThis.tries) + " " + String(require.cache[join(__dirname, "bad.js")]));\n',
    );
    expect(run().stdout).toBe("bad chunk bad chunk 2 undefined");
  });

  it("a cache directory it cannot write to costs nothing but the cache", () => {
    const { entry, run, root } = { ...setup(), root: roots[roots.length - 1]! };
    writeFileSync(entry, moduleText("hello"));
    expect(run(join(root, "missing")).stdout).toMatch(/^hello /);
  });
});

describe("runKind", () => {
  const { runKind } = require("../../../bin/aztoken.js") as { runKind(argv: string[]): number };

  it("tells commands, option names and output formats apart", () => {
    const kinds = [
      ["get-token", "--query", "accessToken", "-o", "tsv"],
      ["get-token", "-o", "json"],
      ["get-token", "--output=yaml"],
      ["get-token", "-otable"],
      ["account", "get-access-token"],
      ["exec-credential", "--server-id", "x"],
      ["get-token", "--scope", "x"],
    ].map(runKind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(kinds.every((kind) => Number.isInteger(kind) && kind >= 0 && kind <= 0xffffffff)).toBe(true);
  });

  it("ignores option values (but the output format) in every spelling, so no secret goes into the cache file", () => {
    const same = (a: string[], b: string[]) => expect(runKind(a)).toBe(runKind(b));
    same(["get-token", "--query", "accessToken", "-o", "tsv"], ["get-token", "--query", "expiresOn", "-o", "tsv"]);
    same(["login", "--password", "hunter2"], ["login", "--password", "other"]);
    same(["login", "--password=hunter2"], ["login", "--password=other"]);
    same(["login", "-phunter2"], ["login", "-pother"]);
    same(["login", "--service-principal", "-u", "app", "-p", "s3cret", "--tenant", "t"], ["login", "--service-principal", "-u", "b", "-p", "x", "--tenant", "y"]);
    // a word after an option is a value, never a command word
    same(["login", "--federated-token", "eyJhbGciOi"], ["login", "--federated-token", "other"]);
    // values that look like command words after the command are not kept either
    same(["account", "set", "--subscription", "prod"], ["account", "set", "--subscription", "dev"]);
  });
});
