// service_principal_entries.json: the secrets `az login --service-principal` saved, one entry per
// (client_id, tenant), each with exactly one of client_secret, certificate (PEM path) or client_assertion.
import { join } from "node:path";
import { CorruptFileError } from "../errors.js";
import { SERVICE_PRINCIPAL_FILE } from "../paths.js";
import { parseJsonStrict, readTextStrict, type UnreadableTextError } from "../../infra/fs/strict-text.js";

export interface ServicePrincipalEntry {
  client_id: string;
  tenant: string;
  client_secret?: string;
  certificate?: string;
  use_cert_sn_issuer?: boolean;
  client_assertion?: string;
  [key: string]: unknown;
}

export function servicePrincipalPath(configDir: string): string {
  return join(configDir, SERVICE_PRINCIPAL_FILE);
}

export function parseServicePrincipalEntries(text: string, path: string): ServicePrincipalEntry[] {
  const body = text.replace(/^\uFEFF/, "");
  if (body.trim() === "") return [];
  let parsed: unknown;
  try {
    parsed = parseJsonStrict(body);
  } catch (error) {
    throw corruptEntriesError(path, (error as UnreadableTextError).detail);
  }
  if (!Array.isArray(parsed) || !parsed.every((entry) => typeof entry === "object" && entry !== null && typeof entry.client_id === "string")) {
    throw corruptEntriesError(path, "expected a list of service principal entries");
  }
  return parsed as ServicePrincipalEntry[];
}

export function readServicePrincipalEntries(configDir: string): ServicePrincipalEntry[] {
  const path = servicePrincipalPath(configDir);
  let text: string | undefined;
  try {
    text = readTextStrict(path);
  } catch (error) {
    throw corruptEntriesError(path, (error as UnreadableTextError).detail);
  }
  return text === undefined ? [] : parseServicePrincipalEntries(text, path);
}

function corruptEntriesError(path: string, detail: string): CorruptFileError {
  return new CorruptFileError(
    path,
    `The service principal store ${path} cannot be read (${detail}). It was left unchanged; run 'aztoken account clear' (or 'az account clear') and sign in again.`,
  );
}
