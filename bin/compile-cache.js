// Where compiled code is kept between runs: our code cache of dist/aztoken.js (code-cache.js, every Node) and
// Node's module compile cache for the other chunks (Node >= 22.1). The directory is per user and private:
// `<os temp>/aztoken-compile-cache-<uid>`, created 0700 and used only when it is a real directory (not a link)
// that this user owns and nobody else can write, since whoever can write there decides what code a later run
// executes. Node's default (one shared `<tmp>/node-compile-cache`) is not used.
"use strict";
const { lstatSync, mkdirSync } = require("node:fs");
const { sep } = require("node:path");

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

/** Turns the compile cache on when the runtime has it; never fails the command. */
function enableCompileCache(module = require("node:module"), base = tmpdir()) {
  return useCompileCache(module, privateCacheDir(base));
}

/** Node's compile cache in `dir` (from privateCacheDir), when the runtime has one and `dir` is set. */
function useCompileCache(module, dir) {
  if (typeof module.enableCompileCache !== "function" || !dir) return undefined;
  try {
    return module.enableCompileCache(dir);
  } catch {
    return undefined; // best effort only
  }
}

module.exports = { enableCompileCache, privateCacheDir, tmpdir, useCompileCache };
