// Runs dist/aztoken.js with a V8 code cache, on every Node version. A cache hit spends a third of its own time
// compiling: the top level of the 140 KB entry, then each function the first time it runs. The cache holds the
// code of every function the run that wrote it compiled (Node 22's own compile cache keeps only the top level),
// so later runs deserialize instead of compiling: about 8 ms of a cache hit on Node 20.
//
// The cache lives in the private per-user directory of compile-cache.js: whoever can write there decides what
// code later runs execute. V8 checks a cache against the source's length only, so the file name carries the
// entry's path, size, modification time and inode, and the Node version and architecture: a changed or
// reinstalled entry gets a new file, and writing it removes the stale ones of the same entry and Node.
"use strict";
const { closeSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } = require("node:fs");
const { dirname, join } = require("node:path");

/** Runs the CommonJS file `file` like require() would, through a code cache in `dir`; `dir` undefined: no cache. */
function runWithCodeCache(file, dir) {
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
  if (cacheFile) {
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      // none yet
    }
  }
  const { Script } = require("node:vm");
  const Module = require("node:module");
  const script = new Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  // Written at exit, so it holds the functions this run compiled, not only the top level.
  if (cacheFile && (!cachedData || script.cachedDataRejected)) process.once("exit", () => saveCodeCache(script, dir, file, cacheFile));
  // A real module in require.cache, as require() would leave it: a later require(file) gets this instance.
  const module = new Module(file, null);
  module.filename = file;
  require.cache[file] = module;
  script.runInThisContext().call(module.exports, module.exports, Module.createRequire(file), module, file, dirname(file));
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

/** Best effort: a temporary file (0600, never an existing one) renamed into place, then the entry's stale caches removed. */
function saveCodeCache(script, dir, file, cacheFile) {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    const data = script.createCachedData();
    const fd = openSync(temporary, "wx", 0o600);
    try {
      writeSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, cacheFile);
    const prefix = cachePrefix(file);
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (name.startsWith(prefix) && path !== cacheFile && !name.endsWith(".tmp")) unlinkSync(path);
    }
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing to clean up
    }
  }
}

module.exports = { runWithCodeCache };
