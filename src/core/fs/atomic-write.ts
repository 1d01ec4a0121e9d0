// Crash-safe file replacement (docs/compatibility.md#concurrent-writes): write a uniquely named temp file in the
// target's directory (O_EXCL, mode 0600 for new files), fsync it, then rename it over the target, so readers see either
// the old or the new content, never a mix. az writes in place, which is how its caches end up with "Extra data".
import { randomBytes } from "node:crypto";
import { constants, promises as fs } from "node:fs";
import { basename, dirname, join } from "node:path";

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
// Windows refuses to replace a file another process has open (antivirus, indexer, az itself) for a moment.
const RENAME_BUSY_CODES = new Set(["EPERM", "EBUSY", "EACCES"]);
const RENAME_RETRY_DELAYS_MS = [10, 20, 40, 80, 160, 320, 500];

export interface AtomicWriteOptions {
  /** Mode for a file that does not exist yet (umask applies). An existing file keeps its mode. Default 0o600. */
  mode?: number;
  /** Prefix a UTF-8 BOM (azureProfile.json). */
  bom?: boolean;
  /** Test seams. */
  platform?: NodeJS.Platform;
  rename?: (from: string, to: string) => Promise<void>;
}

export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const target = await resolveSymlink(path);
  const existingMode = await fs.stat(target).then(
    (stat) => stat.mode & 0o7777,
    () => undefined,
  );
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  const handle = await fs.open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, options.mode ?? 0o600);
  try {
    try {
      const body = typeof data === "string" ? Buffer.from(data, "utf8") : data;
      await handle.writeFile(options.bom ? Buffer.concat([UTF8_BOM, body]) : body);
      if (existingMode !== undefined) await handle.chmod(existingMode);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await renameWithRetry(temp, target, options);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
  await syncDirectory(dirname(target));
}

/** Rewriting through a symlink (dotfile managers) must replace the file it points to, not the link. */
async function resolveSymlink(path: string): Promise<string> {
  try {
    return (await fs.lstat(path)).isSymbolicLink() ? await fs.realpath(path) : path;
  } catch {
    return path;
  }
}

async function renameWithRetry(from: string, to: string, options: AtomicWriteOptions): Promise<void> {
  const rename = options.rename ?? fs.rename;
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
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === "win32") return;
  const handle = await fs.open(dir, "r").catch(() => undefined);
  await handle?.sync().catch(() => undefined);
  await handle?.close();
}
