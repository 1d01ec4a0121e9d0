// Files written as root into a user's profile (`sudo aztoken login`, a root cron job with AZURE_CONFIG_DIR set)
// keep the owner the profile already has: the replaced file's, or the directory's for a new one. Otherwise the
// user's own az and aztoken could no longer read their 0600 token cache.
import { chownSync, mkdirSync, statSync, type Stats } from "node:fs";
import { dirname } from "node:path";

export function runningAsRoot(): boolean {
  return process.geteuid?.() === 0;
}

/** The uid/gid a file written at `path` should get when running as root: its current owner, else its directory's. */
export function ownerToKeep(path: string, existing: Stats | undefined): { uid: number; gid: number } | undefined {
  if (!runningAsRoot()) return undefined;
  const owner = existing ?? statSync(dirname(path), { throwIfNoEntry: false });
  return owner && (owner.uid !== 0 || owner.gid !== 0) ? { uid: owner.uid, gid: owner.gid } : undefined;
}

/** mkdir -p that, as root, gives every directory it creates the owner of the directory it was created in. */
export function makeDirectoryKeepingOwner(dir: string, mode: number): void {
  const first = mkdirSync(dir, { recursive: true, mode });
  if (first === undefined || !runningAsRoot()) return;
  const owner = ownerToKeep(first, undefined);
  if (!owner) return;
  for (let created = dir; created.length >= first.length; created = dirname(created)) {
    chownSync(created, owner.uid, owner.gid);
    if (created === first) break;
  }
}
