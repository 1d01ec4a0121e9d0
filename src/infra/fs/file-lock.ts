// Cross-process lock on `<file>.lockfile`, the side file az (msal_extensions CrossPlatLock) and MSAL node
// extensions (CrossPlatformLock) use for msal_token_cache.json and service_principal_entries.json.
//
// How the others lock:
//  - msal_extensions 1.0 (az 2.45): create the lockfile with O_EXCL, retrying every 0.25 s for up to 5 s;
//    then flock(LOCK_EX|LOCK_NB) it (portalocker, again up to 5 s), write "<pid> <argv0>", and on exit
//    unlock and delete it. If the O_EXCL create keeps failing it logs a warning and carries on with flock.
//  - @azure/msal-node-extensions: O_EXCL create ("wx+"), write "<pid>", retry every 100 ms; delete on unlock.
// Node has no flock(2), so we take the part everybody honours: the O_EXCL create. That excludes every
// aztoken and msal-node process, and az waits for us while our file exists.
//
// Residual races, stated honestly:
//  - az gives up waiting after 5 s and proceeds on flock alone, which we do not hold. We hold the lock only
//    around a read-modify-write (milliseconds, no network), so this needs a stall of more than 5 s.
//    Our writes are temp+rename, so even then the worst case is a lost update, never a torn file.
//  - A lock whose owner pid is dead, or whose mtime is more than `staleMs` away from now (either way: a stamp
//    in the future is as suspect as an old one), is broken. Our holders keep their lock's mtime fresh (a
//    heartbeat every second, or every staleMs/4 when that is shorter), so a holder waiting on the network is never mistaken for an
//    abandoned lock, and staleness can stay short: 10 s for every lock, the token-request lock included. az's
//    own holders hold for milliseconds and barge in after 5 s anyway. So a lockfile naming a live but unrelated
//    process (a reused pid, a hand-made file) costs one wait of at most 10 s, once, after which it is gone.
//    Shorter would risk breaking a live holder that is merely starved of CPU (100 parallel callers on 2 cores);
//    checking the pid's command line was rejected: az's "<pid> <argv0>" names __main__.py, not the python
//    command line, and msal-node writes the pid alone. Breaking is serialized
//    through a second O_EXCL file (`.break`), and the lock is re-checked under it, so two waiters cannot
//    both break the same lock and then delete each other's fresh one. A pid in another pid namespace
//    (a container sharing ~/.azure) looks dead to us; such a lock is broken early, at worst losing an update.
// Synchronous calls on purpose: each is a few microseconds on a local file, and fs.promises would cost a refresh
// ~4 ms to load (it brings readline along) plus a thread-pool round trip per call.
import { constants, watch, type FSWatcher } from "node:fs";
import { dirname } from "node:path";
import { AzError } from "../../core/errors.js";
import { builtinModule } from "../builtin.js";

// The module object rather than a default import, which the bundle would copy property by property (atomic-write.ts)
const fs = builtinModule("node:fs");

export interface FileLockOptions {
  /** Give up after this long. Default 15 s (az's two 5 s phases, plus slack). */
  timeoutMs?: number;
  /**
   * A lock file whose mtime is further than this from now is abandoned whoever owns it. Default 10 s: our
   * holders refresh the mtime while they hold the lock, and az itself barges in after 5 s.
   */
  staleMs?: number;
  /** Upper bound of the jittered wait between attempts. Default 50 ms. */
  maxRetryDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * Asked before each wait while another process holds the lock: true stops waiting, and acquireFileLock throws
   * LockWaitAbandoned. For a caller that can see, without the lock, that the holder already did its work.
   */
  stopWaiting?: () => boolean;
  /**
   * Wait for the lock's folder to change (the holder writing its result, releasing the lock, its heartbeat)
   * instead of polling: attempts then come when something happened, or every WATCH_POLL_MS. For locks held
   * across a network request, where a hundred waiters polling every few ms would slow down the one holder.
   * Ignored when `sleep` is given (tests drive the waits) or the folder cannot be watched.
   */
  watchFolder?: boolean;
}

/** Thrown by acquireFileLock when `stopWaiting` said the lock is no longer needed. */
export class LockWaitAbandoned extends Error {
  override name = "LockWaitAbandoned";
  constructor(readonly lockPath: string) {
    super(`stopped waiting for ${lockPath}`);
  }
}

export interface FileLock {
  readonly path: string;
  release(): Promise<void>;
}

export class LockTimeoutError extends AzError {
  override name = "LockTimeoutError";
  readonly lockPath: string;

  constructor(lockPath: string, timeoutMs: number) {
    super(
      `Could not lock ${lockPath} within ${Math.round(timeoutMs / 100) / 10} s: another az or aztoken process is using it. ` +
        `If none is running, delete ${lockPath} and try again.`,
    );
    this.lockPath = lockPath;
  }
}

/** The folder that holds the profile cannot be written by this user (POSIX EACCES/EPERM): no lock, no update. */
export class UnwritableFolderError extends AzError {
  override name = "UnwritableFolderError";

  constructor(folder: string, code: string) {
    super(`Cannot write to the folder ${folder} (${code}: permission denied). Fix its owner or permissions, or set AZURE_CONFIG_DIR to a folder you can write.`);
  }
}

/** The side file az locks for `file`. */
export function lockFileFor(file: string): string {
  return `${file}.lockfile`;
}

/** Runs `fn` holding the az-compatible lock of `file` (that is, `<file>.lockfile`). Not re-entrant. */
export async function withFileLock<T>(file: string, fn: () => Promise<T> | T, options: FileLockOptions = {}): Promise<T> {
  const lock = await acquireFileLock(lockFileFor(file), options);
  try {
    return await fn();
  } finally {
    await lock.release();
  }
}

export async function acquireFileLock(lockPath: string, options: FileLockOptions = {}): Promise<FileLock> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const staleMs = options.staleMs ?? 10_000;
  const maxDelay = options.maxRetryDelayMs ?? 50;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = Date.now() + timeoutMs;
  let folder: FolderWatch | undefined;
  try {
    for (let attempt = 0; ; attempt++) {
      const lock = tryCreate(lockPath, Math.min(MAX_HEARTBEAT_MS, staleMs / 4));
      if (lock) return lock;
      // watching starts before the first look, so a change made while we look is not missed
      if (attempt === 0 && options.watchFolder && !options.sleep) folder = watchFolder(dirname(lockPath));
      if (options.stopWaiting?.()) throw new LockWaitAbandoned(lockPath);
      if (breakIfStale(lockPath, staleMs)) continue;
      if (Date.now() >= deadline) throw new LockTimeoutError(lockPath, timeoutMs);
      if (folder) {
        await folder.changeOrTimeout(Math.min(WATCH_POLL_MS, Math.max(0, deadline - Date.now())));
        continue;
      }
      // Jittered, growing waits: quick hand-over for short holds without waiters polling in lock-step.
      const ceiling = Math.min(maxDelay, 2 ** attempt);
      await sleep(ceiling / 2 + Math.random() * (ceiling / 2));
    }
  } finally {
    folder?.close();
  }
}

/** How often a waiter watching the folder looks anyway (a missed event, a lock gone stale). */
const WATCH_POLL_MS = 250;

interface FolderWatch {
  /** Resolves at the next change in the folder (at once if one came since the last call), or after `ms`. */
  changeOrTimeout(ms: number): Promise<void>;
  close(): void;
}

function watchFolder(folder: string): FolderWatch | undefined {
  let changed = false;
  let wake: (() => void) | undefined;
  const onChange = () => {
    changed = true;
    wake?.();
  };
  let watcher: FSWatcher;
  try {
    watcher = watch(folder, { persistent: false }, onChange);
  } catch {
    return undefined; // no watcher here (inotify limits, some network file systems): poll instead
  }
  watcher.on("error", onChange);
  return {
    changeOrTimeout: (ms) =>
      new Promise<void>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        const done = () => {
          clearTimeout(timer);
          wake = undefined;
          changed = false;
          resolve();
        };
        if (changed) return done();
        timer = setTimeout(done, ms);
        wake = done;
      }),
    close: () => watcher.close(),
  };
}

/** How often a holder refreshes its lock file's mtime (less often for short staleMs is never needed). */
const MAX_HEARTBEAT_MS = 1_000;

function tryCreate(lockPath: string, heartbeatMs: number): FileLock | undefined {
  let fd: number;
  try {
    fd = fs.openSync(lockPath, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    if (code === "EEXIST") return undefined;
    if (code === "EPERM" || code === "EACCES") {
      // On Windows a lock file that is being deleted cannot be re-created yet: wait. On POSIX the folder is
      // not writable, and waiting cannot change that.
      if (process.platform === "win32") return undefined;
      throw new UnwritableFolderError(dirname(lockPath), code);
    }
    throw new AzError(`Could not create the lock file ${lockPath}: ${(error as Error).message}`);
  }
  try {
    // az's format, "<pid> <argv0>", so either tool can tell whether the owner is alive.
    fs.writeSync(fd, `${process.pid} ${process.argv[1] ?? process.argv0}`);
    const { ino } = fs.fstatSync(fd, { bigint: true });
    // Through our own descriptor: if the lock was broken and re-created meanwhile, the new owner's file is not touched.
    const heartbeat = setInterval(() => {
      const now = new Date();
      fs.futimes(fd, now, now, () => undefined);
    }, heartbeatMs);
    heartbeat.unref();
    return {
      path: lockPath,
      release: async () => {
        clearInterval(heartbeat);
        release(lockPath, fd, ino);
      },
    };
  } catch (error) {
    fs.closeSync(fd);
    fs.rmSync(lockPath, { force: true });
    throw error;
  }
}

/** Deletes the lock file only if it is still ours (it may have been broken as stale and re-created). */
function release(lockPath: string, fd: number, ino: bigint): void {
  try {
    const current = fs.statSync(lockPath, { bigint: true, throwIfNoEntry: false });
    if (current?.ino === ino) fs.rmSync(lockPath, { force: true });
  } finally {
    fs.closeSync(fd);
  }
}

/** True when a stale lock was removed (or the lock vanished) and acquiring should be retried at once. */
function breakIfStale(lockPath: string, staleMs: number): boolean {
  // A live holder is the common case: judged without the guard file, so a hundred waiters polling do not
  // create and delete a file each per poll.
  const seen = inspect(lockPath);
  if (seen === "gone") return true;
  if (!isStale(seen, staleMs)) return false;
  const breaker = `${lockPath}.break`;
  let guard: number;
  try {
    guard = fs.openSync(breaker, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, 0o600);
  } catch {
    // A breaker that crashed mid-break leaves its guard behind; it only ever lives for a few ms.
    const stat = fs.statSync(breaker, { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > 5_000) fs.rmSync(breaker, { force: true });
    return false;
  }
  try {
    const state = inspect(lockPath);
    if (state === "gone") return true;
    if (!isStale(state, staleMs)) return false;
    // Only remove the file we judged: an owner may have released it and a new one taken its place since.
    const now = fs.statSync(lockPath, { bigint: true, throwIfNoEntry: false });
    if (now?.ino === state.ino) fs.rmSync(lockPath, { force: true });
    return true;
  } finally {
    fs.closeSync(guard);
    fs.rmSync(breaker, { force: true });
  }
}

interface LockState {
  ino: bigint;
  ageMs: number;
  deadOwner: boolean;
}

function isStale(state: LockState, staleMs: number): boolean {
  return state.deadOwner || state.ageMs > staleMs;
}

function inspect(lockPath: string): "gone" | LockState {
  try {
    const stat = fs.statSync(lockPath, { bigint: true });
    const pid = Number(/^\s*(\d+)/.exec(fs.readFileSync(lockPath, "latin1"))?.[1]);
    // An empty file is an owner between create and write: only age can make it stale.
    // distance, not age: a stamp in the future would otherwise never go stale
    return { ino: stat.ino, ageMs: Math.abs(Date.now() - Number(stat.mtimeMs)), deadOwner: pid > 0 && !isAlive(pid) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return "gone";
    throw error;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}
