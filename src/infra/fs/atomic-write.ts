// Crash-safe file replacement (docs/compatibility.md#concurrent-writes): write a uniquely named temp file in the
// target's directory (O_EXCL), fsync it, then rename it over the target, so readers see either the old or the new
// content, never a mix. az writes in place, which is how its caches end up with "Extra data". The result always has
// the mode asked for (0600 by default: a replaced 0644 file holding refresh tokens is tightened, never kept loose)
// and, when running as root, the owner the profile already had (ownership.ts).
import { constants, type Stats } from "node:fs";
import { basename, dirname, join } from "node:path";
import { ownerToKeep } from "./ownership.js";
import { AzError } from "../../core/errors.js";
import { builtinModule } from "../builtin.js";

// Synchronous calls on purpose (fs.promises costs a refresh ~4 ms to load, plus a thread-pool round trip per call),
// through the module object so that tests can inject a full disk. Not `import fs from "node:fs"`: the bundle turns
// a default import into a copy of fs's ~100 properties, ~1 ms of a refresh (on Node 24 it loads fs's Dir module too).
const fs = builtinModule("node:fs");

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
// Windows refuses to replace a file another process has open (antivirus, indexer, az itself) for a moment.
const RENAME_BUSY_CODES = new Set(["EPERM", "EBUSY", "EACCES"]);
const RENAME_RETRY_DELAYS_MS = [10, 20, 40, 80, 160, 320, 500];

export interface AtomicWriteOptions {
  /** The file's mode, whatever the old file's mode or the umask. Default 0o600. */
  mode?: number;
  /** Prefix a UTF-8 BOM (azureProfile.json). */
  bom?: boolean;
  /** Test seams. */
  platform?: NodeJS.Platform;
  rename?: (from: string, to: string) => Promise<void>;
}

/** Writing a file failed (disk full, quota, read-only, permissions): names the file and the cause, on one line. */
export class FileWriteError extends AzError {
  override name = "FileWriteError";
  readonly path: string;
  readonly code: string;

  constructor(path: string, code: string, detail: string) {
    super(`Could not write ${path}: ${WRITE_FAILURES[code] ?? detail} (${code})`);
    this.path = path;
    this.code = code;
  }
}

const WRITE_FAILURES: Record<string, string> = {
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EROFS: "read-only file system",
  EACCES: "permission denied",
  EPERM: "operation not permitted",
  EIO: "input/output error",
  EFBIG: "file too large",
};

/** Replaces `path` crash-safely; a failing system call becomes a FileWriteError naming the file. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  try {
    await replaceFileAtomic(path, data, options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code !== "string" || error instanceof AzError) throw error;
    // Node's message is "CODE: description, syscall path"; the description alone, for codes not named above
    const detail = (error as Error).message.replace(`${code}: `, "").split(/[,\n]/, 1)[0]!;
    throw new FileWriteError(path, code, detail);
  }
}

async function replaceFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions): Promise<void> {
  const target = resolveSymlink(path);
  const existing = statOrUndefined(target);
  const owner = ownerToKeep(target, existing);
  // node:crypto when a file is written, not when this module loads: a refresh loads this module before its token
  // request, and node:crypto is to load with node:tls, while the request's connection opens (transport.ts)
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${builtinModule("node:crypto").randomBytes(6).toString("hex")}.tmp`);
  const mode = options.mode ?? 0o600;
  const fd = fs.openSync(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode & 0o600);
  try {
    try {
      const body = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      writeAll(fd, options.bom ? Buffer.concat([UTF8_BOM, body]) : body);
      if (owner) fs.fchownSync(fd, owner.uid, owner.gid);
      fs.fchmodSync(fd, mode);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    await renameWithRetry(temp, target, options);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  syncDirectory(dirname(target));
}

function statOrUndefined(path: string): Stats | undefined {
  try {
    return fs.statSync(path);
  } catch {
    return undefined;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let offset = 0; offset < bytes.length; ) offset += fs.writeSync(fd, bytes, offset);
}

/** Rewriting through a symlink (dotfile managers) must replace the file it points to, not the link. */
function resolveSymlink(path: string): string {
  try {
    return fs.lstatSync(path).isSymbolicLink() ? fs.realpathSync(path) : path;
  } catch {
    return path;
  }
}

async function renameWithRetry(from: string, to: string, options: AtomicWriteOptions): Promise<void> {
  const rename = options.rename ?? (async (source: string, destination: string) => fs.renameSync(source, destination));
  const retry = (options.platform ?? process.platform) === "win32";
  for (let attempt = 0; ; attempt++) {
    try {
      return await rename(from, to);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? "";
      const delay = RENAME_RETRY_DELAYS_MS[attempt];
      if (!retry || !RENAME_BUSY_CODES.has(code) || delay === undefined) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

/** Makes the rename itself durable on POSIX; directories cannot be opened for sync on Windows. */
function syncDirectory(dir: string): void {
  if (process.platform === "win32") return;
  let fd: number;
  try {
    fd = fs.openSync(dir, "r");
  } catch {
    return;
  }
  try {
    fs.fsyncSync(fd);
  } catch {
    // some file systems refuse to sync a directory; the rename stands anyway
  } finally {
    fs.closeSync(fd);
  }
}
