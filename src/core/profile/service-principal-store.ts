// Changes to service_principal_entries.json (indent=4 JSON list, 0600), under az's lock, re-read first.
import { withFileLock } from "../../infra/fs/file-lock.js";
import { writeFileAtomic } from "../../infra/fs/atomic-write.js";
import { ASSERTION_PROVIDER_FIELD } from "../federation/provider.js";
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

/** The entry with `client_assertion` set, in az's key order with aztoken's provider description last. */
export function withAssertion(entry: ServicePrincipalEntry, assertion: string): ServicePrincipalEntry {
  const { [ASSERTION_PROVIDER_FIELD]: provider, client_assertion: _previous, ...rest } = entry;
  return { ...rest, client_assertion: assertion, ...(provider === undefined ? {} : { [ASSERTION_PROVIDER_FIELD]: provider }) };
}

/** The same service principal, tenant and assertion provider (a later `az login` replaces the entry). */
function sameProvidedEntry(a: ServicePrincipalEntry, b: ServicePrincipalEntry): boolean {
  return a.client_id === b.client_id && a.tenant === b.tenant && JSON.stringify(a[ASSERTION_PROVIDER_FIELD]) === JSON.stringify(b[ASSERTION_PROVIDER_FIELD]);
}

/** The assertion stored for this entry now: another process may have fetched a newer one since it was read. */
export function storedAssertion(configDir: string, entry: ServicePrincipalEntry): unknown {
  return readServicePrincipalEntries(configDir).find((stored) => sameProvidedEntry(stored, entry))?.client_assertion;
}

/**
 * Keeps the latest fetched assertion in the entry, where az reads `client_assertion` (it stays usable by az
 * while it is valid). Nothing is written when the entry is gone (logged out meanwhile) or was replaced.
 */
export function rememberAssertion(configDir: string, entry: ServicePrincipalEntry, assertion: string): Promise<void> {
  return updateServicePrincipalEntries(configDir, (entries) => {
    if (!entries.some((stored) => sameProvidedEntry(stored, entry))) return undefined;
    return entries.map((stored) => (sameProvidedEntry(stored, entry) ? withAssertion(stored, assertion) : stored));
  });
}
