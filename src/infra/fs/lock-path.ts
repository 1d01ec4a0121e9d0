// The name of az's lock file beside a file, apart from the lock itself (file-lock.ts): code on the cache-hit path
// asks whether a lock is held without loading the lock's code.

/** `<file>.lockfile`, the side file az (msal_extensions) and MSAL node extensions lock `file` with. */
export function lockFileFor(file: string): string {
  return `${file}.lockfile`;
}
