// Writes azureProfile.json the way az does (BOM, one line of Python-style JSON, unknown keys kept), but atomically,
// under a lock, and never over a file we could not parse (docs/compatibility.md#never-overwrite-an-unreadable-file).
import { withFileLock } from "../fs/file-lock.js";
import { writeFileAtomic } from "../fs/atomic-write.js";
import { CorruptFileError } from "../errors.js";
import { jsonDumps } from "../python/json.js";
import { profilePath, readProfile, type ProfileDocument } from "./profile-file.js";

/** Re-reads the profile under its lock, lets `mutate` change it, and writes it back. */
export async function updateProfile<T>(configDir: string, mutate: (document: ProfileDocument) => T): Promise<T> {
  const path = profilePath(configDir);
  return withFileLock(path, async () => {
    const current = readProfile(configDir);
    if (current.status === "corrupt") {
      throw new CorruptFileError(path, `${path} could not be parsed and was left unchanged; fix or delete it, then try again.`);
    }
    const document: ProfileDocument = current.status === "ok" ? current.document : {};
    const result = mutate(document);
    await writeFileAtomic(path, jsonDumps(document), { bom: true });
    return result;
  });
}
