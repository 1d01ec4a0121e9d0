#!/usr/bin/env node
// Entry shim, CommonJS like dist/ (bin/package.json): Node 20 needs 15-20 ms to start its ESM loader, half of a
// cache hit's budget. It is one file on purpose: every module Node loads costs a resolve, a read and a compile.
//
// Compiled code is kept between runs, in one private per-user directory, `<os temp>/aztoken-compile-cache-<uid>`:
// created 0700 and used only when it is a real directory (not a link) that this user owns and nobody else can
// write, since whoever can write there decides what code a later run executes (Node's default, one shared
// `<tmp>/node-compile-cache`, is not used). Two caches live there:
//  - a V8 code cache of dist/aztoken.js (runWithCodeCache), on every Node version. A cache hit would spend a
//    third of its own time compiling: the top level of the entry, then each function the first time it runs.
//    The cache holds the code of every function the runs that wrote it compiled (the first run and the next
//    three; Node 22's own compile cache keeps only the top level), so later runs deserialize instead. V8 checks a cache against the source's length
//    only, so the file name carries the entry's size, modification time and inode (and a hash of its path, the
//    Node version, architecture and flags): a changed or reinstalled entry gets a new file, and writing it
//    removes the stale ones of the same entry and Node.
//  - Node's module compile cache (Node >= 22.1) for the chunks other commands load.
// Required rather than run (the tests), it only exports these functions.
"use strict";
const { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } = require("node:fs");
const { dirname, join, sep } = require("node:path");

/** os.tmpdir() without loading node:os on POSIX (the same variables, in the same order). */
function tmpdir(env = process.env) {
  if (process.platform === "win32") return require("node:os").tmpdir();
  const dir = env.TMPDIR || env.TMP || env.TEMP || "/tmp";
  return dir.length > 1 && dir.endsWith("/") ? dir.slice(0, -1) : dir;
}

/** The private cache directory, or undefined when it cannot be made safe. */
function privateCacheDir(base = tmpdir()) {
  const uid = typeof process.getuid === "function" ? process.getuid() : undefined;
  // base + separator, not path.join: its first call costs a compile on every start
  const dir = `${base}${base.endsWith(sep) ? "" : sep}${uid === undefined ? "aztoken-compile-cache" : `aztoken-compile-cache-${uid}`}`;
  try {
    // lstat first: an existing directory is the common case, and a failed mkdir costs an exception
    let stat = lstatSync(dir, { throwIfNoEntry: false });
    if (!stat) {
      try {
        mkdirSync(dir, { mode: 0o700 });
      } catch (error) {
        if (error.code !== "EEXIST") return undefined;
      }
      stat = lstatSync(dir);
    }
    if (!stat.isDirectory()) return undefined;
    // POSIX only: Windows has no uid and its temp folder is already per user.
    if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o022) !== 0)) return undefined;
    return dir;
  } catch {
    return undefined;
  }
}

/** Node's compile cache in `dir` (from privateCacheDir), when the runtime has one and `dir` is set; never fails the command. */
function useCompileCache(module, dir) {
  if (typeof module.enableCompileCache !== "function" || !dir) return undefined;
  try {
    return module.enableCompileCache(dir);
  } catch {
    return undefined; // best effort only
  }
}

/** Runs the CommonJS file `file` like require() would, through a code cache in `dir`; `dir` undefined: no cache. */
function runWithCodeCache(file, dir) {
  const T=require("perf_hooks").performance; globalThis.__T=[["rwcc",T.now()]];
  let source;
  let cacheFile;
  try {
    source = readFileSync(file, "utf8");
    if (dir) cacheFile = join(dir, cacheName(file, statSync(file)));
  } catch {
    // unreadable: let require() report it
    return void require(file);
  }
  let cachedData;
  let generation = 0;
  if (cacheFile) {
    try {
      const stored = readFileSync(cacheFile);
      generation = stored[0];
      cachedData = stored.subarray(1);
    } catch {
      // none yet
    }
  }
  const { Script } = require("node:vm");
  const Module = require("node:module");
  globalThis.__T.push(["read",T.now(), !!cachedData]);
  const script = new Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  // Written at exit, so it holds the functions this run compiled, not only the top level; and written again by
  // the next few runs, each adding what it compiled to what it read (a json output, exec-credential, a refresh),
  // after which it stays as it is.
  const nextGeneration = !cachedData || script.cachedDataRejected ? 1 : generation < CODE_CACHE_GENERATIONS ? generation + 1 : 0;
  if (cacheFile && nextGeneration > 0) process.once("exit", () => saveCodeCache(script, dir, file, cacheFile, nextGeneration));
  // A real module in require.cache, as require() would leave it: a later require(file) gets this instance.
  const module = new Module(file, null);
  module.filename = file;
  // The bundle requires node: builtins and its own chunks by relative path, never a package: no node_modules
  // search paths to compute (Module.createRequire would, ~0.3 ms).
  module.paths = [];
  require.cache[file] = module;
  const moduleRequire = (id) => module.require(id);
  globalThis.__T.push(["compiled",T.now(), script.cachedDataRejected]);
  process.on("exit",()=>{globalThis.__T.push(["exit",T.now()]);process.stderr.write(globalThis.__T.map(x=>x.map(v=>typeof v==="number"?v.toFixed(1):v).join(":")).join(" ")+"\n")});
  script.runInThisContext().call(module.exports, module.exports, moduleRequire, module, file, dirname(file));
  module.loaded = true;
}

/** `code-<entry, Node, flags>-<size>-<mtime>-<inode>`: the first part is shared by every version of one entry on one Node. */
function cacheName(file, stat) {
  return `${cachePrefix(file)}${stat.size}-${Math.trunc(stat.mtimeMs)}-${stat.ino}`;
}

function cachePrefix(file) {
  // V8 refuses a cache made under other flags (--max-old-space-size, say): each set of flags gets its own file
  const flags = `${process.execArgv.join(" ")}\0${process.env.NODE_OPTIONS ?? ""}`;
  return `code-${fnv1a(`${file}\0${process.version}\0${process.arch}\0${flags}`)}-`;
}

/** 32-bit FNV-1a of a short string, in hex: loading node:crypto would cost more than the cache saves. */
function fnv1a(text) {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, "0");
}

/** How many runs write the cache: the first, and those that add to it (the file's first byte counts them). */
const CODE_CACHE_GENERATIONS = 4;

/** Best effort: a temporary file (0600, never an existing one) renamed into place, then the entry's stale caches removed. */
function saveCodeCache(script, dir, file, cacheFile, generation) {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    const data = script.createCachedData();
    const fd = openSync(temporary, "wx", 0o600);
    try {
      writeSync(fd, Uint8Array.of(generation));
      writeSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, cacheFile);
    pruneCodeCaches(dir, cachePrefix(file), cacheFile);
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing to clean up
    }
  }
}

/** How long a cache of another entry (an older install, a deleted checkout, an npx run) is kept unwritten. */
const FOREIGN_CACHE_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/**
 * Removes this entry's other caches (older versions of it, on this Node) and, since cache names do not say which
 * file they belong to, any other cache or leftover temporary file not written for 30 days: an entry still in use
 * merely writes its cache again at its next run.
 */
function pruneCodeCaches(dir, prefix, keep) {
  const now = Date.now();
  for (const name of readdirSync(dir)) {
    if (!name.startsWith("code-")) continue;
    const path = join(dir, name);
    if (path === keep) continue;
    const ours = name.startsWith(prefix) && !name.endsWith(".tmp");
    if (ours || now - statSync(path).mtimeMs > FOREIGN_CACHE_MAX_AGE_MS) unlinkSync(path);
  }
}

if (require.main === module) {
  const cacheDir = privateCacheDir();
  useCompileCache(require("node:module"), cacheDir);
  runWithCodeCache(join(__dirname, "..", "dist", "aztoken.js"), cacheDir);
} else {
  module.exports = { privateCacheDir, runWithCodeCache, tmpdir, useCompileCache };
}
