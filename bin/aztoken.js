#!/usr/bin/env node
// Entry shim, CommonJS like dist/ (bin/package.json): Node 20 needs 15-20 ms to start its ESM loader, half of a
// cache hit's budget. It is one file on purpose: every module Node loads costs a resolve, a read and a compile.
//
// Compiled code is kept between runs, in one private per-user directory, `<os temp>/aztoken-compile-cache-<uid>`:
// created 0700 and used only when it is a real directory (not a link) that this user owns and nobody else can
// write, since whoever can write there decides what code a later run executes (Node's default, one shared
// `<tmp>/node-compile-cache`, is not used). It holds V8 code caches of dist/aztoken.js and of the chunks it
// loads (runWithCodeCache), on every Node version. A cache hit would spend a third of its own time compiling:
// the top level of the entry, then each function the first time it runs; a refresh, more (MSAL's chunk). A
// cache holds the code of every function the runs that wrote it compiled (the first run of each kind: get-token,
// json output, exec-credential...; Node 22's own compile cache keeps only the top level), so later runs
// deserialize instead. V8 checks a cache against the source's length only, so the file name carries the file's
// size, modification time and inode (and a hash of its path, the Node version, architecture and flags): a
// changed or reinstalled file gets a new cache, and writing it removes the stale ones of the same file and Node.
// Required rather than run (the tests), it only exports these functions.
"use strict";
const { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeSync } = require("node:fs");
const { dirname, join, sep } = require("node:path");
// The CommonJS Module class, what require("node:module") returns, without loading that builtin: its first load
// brings the ESM loader with it (~0.7 ms of a cache hit).
const NodeModule = module.constructor;

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

/** Files smaller than this (the one-line stubs of chunks bundled into the entry) compile faster than a cache reads. */
const MIN_CACHED_SOURCE = 4096;

/**
 * Runs the CommonJS file `file` like require() would and returns its exports, through a code cache in `dir`
 * (undefined: no cache); the files it requires by relative path (the bundle's chunks) run the same way, each
 * with a cache of its own. `kind` (from runKind) says what sort of run this is: a kind a cache has not seen yet
 * adds what it compiled to it. `root` is the entry's folder, which names the chunks bundled into the entry.
 */
function runWithCodeCache(file, dir, kind = 0, root = dirname(file)) {
  let source;
  let cacheFile;
  try {
    source = readFileSync(file, "utf8");
    if (dir && source.length >= MIN_CACHED_SOURCE) cacheFile = join(dir, cacheName(file, statSync(file)));
  } catch {
    // unreadable: let require() report it
    return require(file);
  }
  let cachedData;
  let kinds = [];
  if (cacheFile) {
    try {
      ({ kinds, cachedData } = parseCodeCache(readFileSync(cacheFile)));
    } catch {
      // none yet
    }
  }
  const { Script } = require("node:vm");
  const script = new Script(NodeModule.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  // Written at exit, so it holds the functions this run compiled, not only the top level. Each new kind of run
  // (json output, exec-credential, another command) writes it again, adding what it compiled to what it read;
  // a kind already in it leaves it alone. Without that, a cache made by `get-token` runs would leave every
  // kubectl run compiling exec-credential's code (~1 ms).
  const fresh = !cachedData || script.cachedDataRejected;
  const nextKinds = fresh ? [kind] : kinds.includes(kind) || kinds.length >= MAX_RUN_KINDS ? undefined : [...kinds, kind];
  if (cacheFile && nextKinds) saveAtExit({ script, dir, prefix: cachePrefix(file), cacheFile, kinds: nextKinds });
  // A real module in require.cache, as require() would leave it: a later require(file) gets this instance.
  const module = new NodeModule(file, null);
  module.filename = file;
  // The bundle requires node: builtins and its own chunks by relative path, never a package: no node_modules
  // search paths to compute (Module.createRequire would, ~0.3 ms).
  module.paths = [];
  require.cache[file] = module;
  const directory = dirname(file);
  const moduleRequire = (id) => {
    if (!id.startsWith("./") && !id.startsWith("../")) return module.require(id);
    // a chunk: the instance already loaded (or loading, in a cycle), one bundled into the entry (its file is a
    // stub that would only ask the entry for it), else run it through its own cache
    const path = join(directory, id);
    return require.cache[path]?.exports ?? inlinedChunk(root, path) ?? runWithCodeCache(path, dir, kind, root);
  };
  // require's properties besides resolve (the bundle uses none; a module may read them)
  moduleRequire.cache = require.cache;
  moduleRequire.main = require.main;
  try {
    script.runInThisContext().call(module.exports, module.exports, moduleRequire, module, file, directory);
  } catch (error) {
    delete require.cache[file]; // as require() does: a later require runs it again
    throw error;
  }
  module.loaded = true;
  return module.exports;
}

/**
 * The instance of a chunk that the build bundled into the entry (scripts/commonjs.mjs), from the registry the entry
 * sets up as it starts; undefined for any other file. Its stub file would return the same instance, but reading
 * and compiling it costs ~0.1 ms, and a refresh reaches a dozen of them.
 */
function inlinedChunk(root, path) {
  const registry = globalThis[Symbol.for("aztoken.inlinedChunk")];
  if (typeof registry !== "function" || !path.startsWith(root + sep)) return undefined;
  return registry(path.slice(root.length + 1).split(sep).join("/"));
}

/** `code-<entry, Node, flags>-<size>-<mtime>-<inode>`: the first part is shared by every version of one entry on one Node. */
function cacheName(file, stat) {
  return `${cachePrefix(file)}${stat.size}-${Math.trunc(stat.mtimeMs)}-${stat.ino}`;
}

/** Changes when the cache file's layout does, so a file of the old layout is never read as the new one. */
const CACHE_FORMAT = "kinds";

function cachePrefix(file) {
  // V8 refuses a cache made under other flags (--max-old-space-size, say): each set of flags gets its own file
  const flags = `${process.execArgv.join(" ")}\0${process.env.NODE_OPTIONS ?? ""}`;
  return `code-${fnv1a(`${CACHE_FORMAT}\0${file}\0${process.version}\0${process.arch}\0${flags}`)}-`;
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

/** The caches this run writes as it exits: one listener for all (a login loads a dozen chunks, Node warns past ten). */
const pendingSaves = [];

function saveAtExit(save) {
  if (pendingSaves.length === 0) process.once("exit", saveAll);
  pendingSaves.push(save);
}

/** Writes the pending caches, then prunes each directory once (not once per cache written). */
function saveAll() {
  const written = pendingSaves.filter(saveCodeCache);
  for (const dir of new Set(written.map((save) => save.dir))) pruneCodeCaches(dir, written.filter((save) => save.dir === dir));
}

/** How many kinds of run a cache takes in; later new kinds compile what the cache lacks. */
const MAX_RUN_KINDS = 8;

/**
 * A cache file: the number of kinds of run that wrote it (one byte), each kind (32 bits, little-endian), then
 * V8's data. Anything malformed surfaces as V8 rejecting the data, and the run writes a new cache.
 */
function parseCodeCache(stored) {
  const count = stored[0];
  const kinds = [];
  for (let index = 0; index < count; index++) kinds.push(stored.readUInt32LE(1 + 4 * index));
  return { kinds, cachedData: stored.subarray(1 + 4 * count) };
}

/**
 * What sort of run this is, as far as the code it runs goes: a hash of the leading command words, the option
 * names and the output format. No other value: one may be a secret (`-pSECRET` counts as `-p`).
 */
function runKind(argv) {
  const parts = [];
  let sawOption = false;
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (!arg.startsWith("-") || arg === "-") {
      if (!sawOption && parts.length < 3 && /^[a-z][a-z0-9-]{0,40}$/.test(arg)) parts.push(arg);
      continue;
    }
    sawOption = true;
    const long = arg.startsWith("--");
    const name = long ? arg.split("=", 1)[0] : arg.slice(0, 2);
    parts.push(name);
    if (name === "--output" || name === "-o") {
      const inline = long ? (arg.includes("=") ? arg.slice(name.length + 1) : undefined) : arg.length > 2 ? arg.slice(2) : undefined;
      parts.push(inline ?? argv[index + 1] ?? "");
    }
  }
  return Number.parseInt(fnv1a(parts.join(" ")), 16);
}

/** Best effort: a temporary file (0600, never an existing one) renamed into place; true when the cache was written. */
function saveCodeCache({ script, cacheFile, kinds }) {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    const data = script.createCachedData();
    const header = Buffer.alloc(1 + 4 * kinds.length);
    header[0] = kinds.length;
    kinds.forEach((kind, index) => header.writeUInt32LE(kind, 1 + 4 * index));
    const fd = openSync(temporary, "wx", 0o600);
    try {
      writeSync(fd, header);
      writeSync(fd, data);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, cacheFile);
    return true;
  } catch {
    try {
      unlinkSync(temporary);
    } catch {
      // nothing to clean up
    }
    return false;
  }
}

/** How long a cache of another entry (an older install, a deleted checkout, an npx run) is kept unwritten. */
const FOREIGN_CACHE_MAX_AGE_MS = 30 * 24 * 3600 * 1000;

/**
 * Removes the older caches of the files just written (other versions of them, on this Node) and, since cache
 * names do not say which file they belong to, any other cache or leftover temporary file not written for 30 days:
 * a file still in use merely writes its cache again at its next run. Best effort, file by file (another process
 * may be pruning too).
 */
function pruneCodeCaches(dir, written) {
  const now = Date.now();
  const keep = new Set(written.map((save) => save.cacheFile));
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith("code-")) continue;
    const path = join(dir, name);
    if (keep.has(path)) continue;
    const ours = !name.endsWith(".tmp") && written.some((save) => name.startsWith(save.prefix));
    try {
      if (ours || now - statSync(path).mtimeMs > FOREIGN_CACHE_MAX_AGE_MS) unlinkSync(path);
    } catch {
      // gone already
    }
  }
}

if (require.main === module) {
  runWithCodeCache(join(__dirname, "..", "dist", "aztoken.js"), privateCacheDir(), runKind(process.argv.slice(2)));
} else {
  module.exports = { privateCacheDir, runKind, runWithCodeCache, tmpdir };
}
