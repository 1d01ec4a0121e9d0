// azureProfile.json: a UTF-8 (usually BOM-prefixed) JSON object holding `subscriptions` (the accounts) and
// az's `installationId`. Read without MSAL or anything heavy: this is on the cache-hit path.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PROFILE_FILE } from "../paths.js";
import { decodeUtf8Strict, parseJsonStrict } from "../../infra/fs/strict-text.js";

export interface ProfileUser {
  name: string;
  type: "user" | "servicePrincipal" | string;
  assignedIdentityInfo?: string;
  cloudShellID?: boolean;
  useCertSNIssuerAuth?: boolean;
  [key: string]: unknown;
}

export interface ProfileAccount {
  id: string;
  name: string;
  state: string;
  user: ProfileUser;
  isDefault: boolean;
  tenantId: string;
  environmentName: string;
  homeTenantId?: string;
  managedByTenants?: { tenantId: string }[];
  [key: string]: unknown;
}

export interface ProfileDocument {
  subscriptions?: ProfileAccount[];
  installationId?: string;
  [key: string]: unknown;
}

export type ProfileReadResult =
  | { status: "missing" }
  | { status: "ok"; document: ProfileDocument; hadBom: boolean; raw: Buffer }
  | { status: "corrupt"; path: string; raw: Buffer };

export function profilePath(configDir: string): string {
  return join(configDir, PROFILE_FILE);
}

export function readProfile(configDir: string): ProfileReadResult {
  const path = profilePath(configDir);
  let raw: Buffer;
  try {
    raw = readFileSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { status: "missing" };
    return { status: "corrupt", path, raw: Buffer.alloc(0) };
  }
  const hadBom = raw[0] === 0xef && raw[1] === 0xbb && raw[2] === 0xbf;
  try {
    // strict: a profile read with replacement characters or cut short would be saved that way by `account set`
    const document: unknown = parseJsonStrict(decodeUtf8Strict(raw.subarray(hadBom ? 3 : 0)));
    if (!isProfileDocument(document)) return { status: "corrupt", path, raw };
    return { status: "ok", document, hadBom, raw };
  } catch {
    return { status: "corrupt", path, raw };
  }
}

function isProfileDocument(value: unknown): value is ProfileDocument {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const subscriptions = (value as ProfileDocument).subscriptions;
  if (subscriptions === undefined) return true;
  return Array.isArray(subscriptions) && subscriptions.every(isAccount);
}

function isAccount(value: unknown): value is ProfileAccount {
  if (typeof value !== "object" || value === null) return false;
  const account = value as Partial<ProfileAccount>;
  return (
    typeof account.id === "string" &&
    typeof account.user === "object" &&
    account.user !== null &&
    typeof account.user.name === "string" &&
    typeof account.environmentName === "string"
  );
}

/** az's message for a profile it cannot parse; printed bare, before the command's own error. */
export function corruptProfileNotice(path: string): string {
  return `Failed to load or parse file ${path}. It will be overridden by default settings.\n`;
}
