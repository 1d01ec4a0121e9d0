// Writes a deterministic AZURE_CONFIG_DIR fixture: the profiles the az 2.45 golden cases were captured against.
// A port of test/fixtures/az-golden/tools/mkfixture.py (the script used at capture time), byte for byte;
// test/unit/support/mkfixture.test.ts holds it to the committed copies and, when Python is present, to the script.
// All IDs, tokens and secrets are fabricated. Cached access tokens expire at EXPIRES (2100-01-01T00:00:00Z) so
// that a cache hit never needs the network, except `user_exp299`, whose ARM token has 299 s left.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { jsonDumps } from "../../src/core/python/json.js";

export const TENANT = "72f988bf-0000-4000-8000-000000000001"; // home tenant
export const TENANT2 = "2f4a9838-26b7-47ee-be60-ccc1fdec5953";
export const SUBSCRIPTION = "11111111-2222-3333-4444-555555555555"; // "Contoso Dev", Enabled, default
export const SUBSCRIPTION2 = "66666666-7777-8888-9999-000000000000"; // "Contoso Old", Disabled
const USER_OID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const HOME_ACCOUNT = `${USER_OID}.${TENANT}`;
const CLI_CLIENT = "04b07795-8ddb-461a-bbee-02f9e1bf7b46"; // Azure CLI public client
export const SP_ID = "99999999-8888-7777-6666-555555555555";
const MI_CLIENT = "12345678-aaaa-bbbb-cccc-1234567890ab";
const AUTHORITY_HOST = "login.microsoftonline.com";
export const EXPIRES = 4102444800; // 2100-01-01T00:00:00Z
const CACHED_AT = 1795500000;

export const FIXTURE_KINDS = [
  "empty", "user", "user_exp299", "user_nocache", "nodefault", "multidefault", "dupname", "cloudshell", "gov",
  "user_tenantlevel", "nocloud", "sp", "sp_noentry", "msi", "msi_client", "corrupt",
] as const;
export type FixtureKind = (typeof FIXTURE_KINDS)[number];

const USER_KINDS = new Set<string>(["user", "user_exp299", "user_nocache", "nodefault", "multidefault", "dupname", "cloudshell", "gov", "user_tenantlevel", "nocloud"]);

type Json = Record<string, unknown>;

function base64Json(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function jwt(audience: string, tenant: string, exp: number, n: number): string {
  return `${base64Json({ typ: "JWT", alg: "RS256" })}.${base64Json({ aud: audience, tid: tenant, exp, n })}.c2ln`;
}

function subscription(id: string, name: string, state: string, user: Json, isDefault: boolean, managedByTenants: Json[] = [], environmentName = "AzureCloud"): Json {
  return { id, name, state, user, isDefault, tenantId: TENANT, environmentName, homeTenantId: TENANT, managedByTenants };
}

function writeProfile(dir: string, subscriptions: Json[]): void {
  const text = jsonDumps({ subscriptions, installationId: "d0d0d0d0-1111-11ee-8000-000000000000" });
  writeFileSync(join(dir, "azureProfile.json"), `\ufeff${text}`); // utf-8-sig, as az writes it
}

function writeSecretFile(dir: string, name: string, value: unknown): void {
  writeFileSync(join(dir, name), jsonDumps(value, { indent: 4 }), { mode: 0o600 });
}

function accessTokenEntry(home: string | null, client: string, realm: string, target: string, secret: string, exp = EXPIRES): [string, Json] {
  const key = [home ?? "", AUTHORITY_HOST, "accesstoken", client, realm, target].join("-").toLowerCase();
  return [key, {
    credential_type: "AccessToken", secret, home_account_id: home, environment: AUTHORITY_HOST, client_id: client, target, realm,
    token_type: "Bearer", cached_at: String(CACHED_AT), expires_on: String(exp), extended_expires_on: String(exp),
  }];
}

/** (target scope string, realm, audience) of every access token in the user and service principal fixtures. */
const TOKENS: readonly [string, string, string][] = [
  ["https://management.core.windows.net//.default", TENANT, "https://management.core.windows.net/"],
  ["https://management.azure.com/.default", TENANT, "https://management.azure.com"],
  ["https://management.azure.com//.default", TENANT, "https://management.azure.com/"],
  ["https://graph.microsoft.com//.default", TENANT, "https://graph.microsoft.com/"],
  ["https://vault.azure.net/.default", TENANT, "https://vault.azure.net"],
  ["https://a.example/.default https://b.example/.default", TENANT, "https://a.example"],
  ["https://management.core.windows.net//.default", TENANT2, "https://management.core.windows.net/"],
];

function userCache(armExpiry: number, withAccount: boolean): Json {
  const accessTokens: Json = {};
  TOKENS.forEach(([target, realm, audience], index) => {
    const exp = index === 0 ? armExpiry : EXPIRES;
    const [key, entry] = accessTokenEntry(HOME_ACCOUNT, CLI_CLIENT, realm, target, jwt(audience, realm, exp, index + 1), exp);
    accessTokens[key] = entry;
  });
  const refreshKey = [HOME_ACCOUNT, AUTHORITY_HOST, "refreshtoken", CLI_CLIENT, "", ""].join("-").toLowerCase();
  const refreshTokens = {
    [refreshKey]: {
      credential_type: "RefreshToken", secret: "fake-rt", home_account_id: HOME_ACCOUNT, environment: AUTHORITY_HOST,
      client_id: CLI_CLIENT, target: "", last_modification_time: String(CACHED_AT), family_id: "1",
    },
  };
  const accounts: Json = {};
  if (withAccount) {
    for (const realm of [TENANT, "organizations"]) {
      accounts[[HOME_ACCOUNT, AUTHORITY_HOST, realm].join("-").toLowerCase()] = {
        home_account_id: HOME_ACCOUNT, environment: AUTHORITY_HOST, realm, local_account_id: USER_OID,
        username: "alice@contoso.com", authority_type: "MSSTS",
      };
    }
  }
  const appMetadata = { [`appmetadata-${AUTHORITY_HOST}-${CLI_CLIENT}`]: { client_id: CLI_CLIENT, environment: AUTHORITY_HOST, family_id: "1" } };
  return { AccessToken: accessTokens, RefreshToken: refreshTokens, IdToken: {}, Account: accounts, AppMetadata: appMetadata };
}

function servicePrincipalCache(): Json {
  const accessTokens: Json = {};
  TOKENS.forEach(([target, realm, audience], index) => {
    const [key, entry] = accessTokenEntry(null, SP_ID, realm, target, jwt(audience, realm, EXPIRES, 101 + index));
    accessTokens[key] = entry;
  });
  return { AccessToken: accessTokens, AppMetadata: { [`appmetadata-${AUTHORITY_HOST}-${SP_ID}`]: { client_id: SP_ID, environment: AUTHORITY_HOST } } };
}

function userSubscriptions(kind: string): Json[] {
  const user: Json = kind === "cloudshell"
    ? { name: "live.com#alice@contoso.com", type: "user", cloudShellID: true }
    : { name: "alice@contoso.com", type: "user" };
  const environment = kind === "gov" ? "AzureUSGovernment" : "AzureCloud";
  const subscriptions = [
    subscription(SUBSCRIPTION, "Contoso Dev", "Enabled", user, kind !== "nodefault", [{ tenantId: TENANT2 }], environment),
    subscription(SUBSCRIPTION2, "Contoso Old", "Disabled", { ...user }, kind === "multidefault", [], environment),
  ];
  if (kind === "dupname") Object.assign(subscriptions[1]!, { name: "Contoso Dev", state: "Enabled" });
  if (kind === "user_tenantlevel") {
    subscriptions.push({ id: TENANT2, name: "N/A(tenant level account)", state: "Enabled", user: { ...user }, isDefault: false, tenantId: TENANT2, environmentName: "AzureCloud" });
  }
  return subscriptions;
}

function servicePrincipalUser(kind: string): Json {
  if (kind === "msi") return { name: "systemAssignedIdentity", type: "servicePrincipal", assignedIdentityInfo: "MSI" };
  if (kind === "msi_client") return { name: "userAssignedIdentity", type: "servicePrincipal", assignedIdentityInfo: `MSIClient-${MI_CLIENT}` };
  return { name: SP_ID, type: "servicePrincipal" };
}

export interface FixtureOptions {
  /** POSIX seconds `user_exp299` counts its 299 s from; default: now. */
  now?: number;
}

/** Writes fixture `kind` into `dir` (created if missing), exactly as mkfixture.py does. */
export function writeFixture(dir: string, kind: FixtureKind, options: FixtureOptions = {}): void {
  mkdirSync(dir, { recursive: true });
  if (kind === "empty") return;
  let cloud = "AzureCloud";
  if (USER_KINDS.has(kind)) {
    writeProfile(dir, userSubscriptions(kind));
    if (kind === "gov") cloud = "AzureUSGovernment";
    if (kind === "nocloud") cloud = "NoSuchCloud";
    if (kind !== "cloudshell") {
      const now = options.now ?? Math.floor(Date.now() / 1000);
      writeSecretFile(dir, "msal_token_cache.json", userCache(kind === "user_exp299" ? now + 299 : EXPIRES, kind !== "user_nocache"));
    }
  } else if (kind === "corrupt") {
    writeFileSync(join(dir, "azureProfile.json"), '{"subscriptions": [');
  } else {
    const user = servicePrincipalUser(kind);
    writeProfile(dir, [
      subscription(SUBSCRIPTION, "Contoso Dev", "Enabled", user, true, [{ tenantId: TENANT2 }]),
      subscription(SUBSCRIPTION2, "Contoso Old", "Disabled", { ...user }, false),
    ]);
    if (kind === "sp" || kind === "sp_noentry") writeSecretFile(dir, "msal_token_cache.json", servicePrincipalCache());
    if (kind === "sp") writeSecretFile(dir, "service_principal_entries.json", [{ client_id: SP_ID, tenant: TENANT, client_secret: "fake-secret" }]);
  }
  writeFileSync(join(dir, "config"), `[cloud]\nname = ${cloud}\n\n`);
  writeFileSync(join(dir, "clouds.config"), `[AzureCloud]\nsubscription = ${SUBSCRIPTION}\n\n`);
}

export function isFixtureKind(kind: string): kind is FixtureKind {
  return (FIXTURE_KINDS as readonly string[]).includes(kind);
}
