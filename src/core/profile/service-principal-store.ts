// Changes to service_principal_entries.json (indent=4 JSON list, 0600), under az's lock, re-read first.
import { withFileLock } from "../../infra/fs/file-lock.js";
import { writeFileAtomic } from "../../infra/fs/atomic-write.js";
import { jsonDumps } from "../python/json.js";
import { readServicePrincipalEntries, servicePrincipalPath, type ServicePrincipalEntry } from "./service-principal-file.js";

export async function updateServicePrincipalEntries(configDir: string, mutate: (entries: ServicePrincipalEntry[]) => ServicePrincipalEntry[] | undefined): Promise<void> {
  const path = servicePrincipalPath(configDir);
  await withFileLock(path, async () => {
    const next = mutate(readServicePrincipalEntries(configDir));
    if (next) await writeFileAtomic(path, jsonDumps(next, { indent: 4 }));
  });
}

/** az login: the entry with the same (client_id, tenant) is replaced, others kept, the new one appended. */
export function saveServicePrincipalEntry(configDir: string, entry: ServicePrincipalEntry): Promise<void> {
  return updateServicePrincipalEntries(configDir, (entries) => [
    ...entries.filter((existing) => !(existing.client_id === entry.client_id && existing.tenant === entry.tenant)),
    entry,
  ]);
}

/** az logout of a service principal: every entry with its client id goes; the file is left alone if none. */
export function removeServicePrincipal(configDir: string, clientId: string): Promise<void> {
  return updateServicePrincipalEntries(configDir, (entries) => {
    const kept = entries.filter((entry) => entry.client_id !== clientId);
    return kept.length === entries.length ? undefined : kept;
  });
}
