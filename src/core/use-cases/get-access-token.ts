// `az account get-access-token`: choose the account, turn --resource/--resource-type/--scope into scopes, get
// the token from the account's credential, and build az's result object.
import { AzError } from "../errors.js";
import { cloudEndpoint, RESOURCE_TYPE_ENDPOINTS } from "../clouds.js";
import { createCredential } from "../credentials/index.js";
import { dateTimeText } from "../date-text.js";
import type { Credential } from "../credentials/types.js";
import type { Deps } from "../../infra/deps.js";
import type { Logger } from "../logger.js";
import { selectAccount } from "../profile/accounts.js";
import type { ProfileAccount } from "../profile/profile-file.js";
import type { ProfileSession } from "../profile/session.js";

export interface GetAccessTokenOptions {
  resource?: string;
  resourceType?: string;
  scope?: string[];
  subscription?: string;
  tenant?: string;
}

export interface AccessTokenResult {
  tokenType: "Bearer";
  accessToken: string;
  expires_on: number;
  expiresOn: string;
  tenant: string;
  subscription?: string;
}

export async function getAccessToken(options: GetAccessTokenOptions, session: ProfileSession, deps: Deps, logger: Logger): Promise<AccessTokenResult> {
  let resource = options.resource;
  if (resource === undefined && options.resourceType) {
    resource = cloudEndpoint(session.cloud, RESOURCE_TYPE_ENDPOINTS[options.resourceType]!, session.configDir);
  }
  const scopes = resolveScopes(options.scope, resource, armResource(session));
  const { account, credential, tenant } = tokenSource(options, session, deps, logger);
  const token = await credential.getToken({ scopes, ...(tenant !== undefined ? { tenant } : {}) });

  // Key order is az's insertion order: it shows through --query (`keys(@)`, `*`, table and tsv columns).
  // expiresOn is made when first read: local time costs a time-zone database load (~0.5 ms), which the most
  // common call, `--query accessToken -o tsv`, never needs. It reads like a plain property everywhere else.
  let expiresOn: string | undefined;
  const result: AccessTokenResult = {
    tokenType: "Bearer",
    accessToken: token.token,
    expires_on: token.expiresOn,
    get expiresOn() {
      expiresOn ??= formatLocalTime(token.expiresOn, deps.env.TZ);
      return expiresOn;
    },
    tenant: tenant ?? account.tenantId,
  };
  if (tenant === undefined) result.subscription = account.id;
  return result;
}

/** Where tokens come from: the chosen account, its credential, and the `--tenant` asked for (if any). */
export interface TokenSource {
  account: ProfileAccount;
  credential: Credential;
  tenant: string | undefined;
}

/** The account of `--subscription` (else the default one) and its credential, as get-access-token uses them. */
export function tokenSource(options: Pick<GetAccessTokenOptions, "subscription" | "tenant">, session: ProfileSession, deps: Deps, logger: Logger): TokenSource {
  // az tests these values for truth, so an empty `--subscription ""` or `--tenant ""` counts as not given
  const tenant = options.tenant || undefined;
  if (options.subscription && tenant) {
    throw new AzError("Please specify only one of subscription and tenant, not both");
  }
  const account = selectAccount(session.accounts(), options.subscription);
  const credential = createCredential({ deps, logger, configDir: session.configDir, cloud: session.cloud, account });
  return { account, credential, tenant };
}

/** The active cloud's ARM resource, the default when neither --resource nor --scope is given. */
export function armResource(session: ProfileSession): string {
  return cloudEndpoint(session.cloud, "active_directory_resource_id", session.configDir);
}

/**
 * --scope wins; else --resource as a v1 resource (`R + "/.default"`, no trimming); else (also for an empty
 * `--resource ""`, which az treats as not given) the cloud's ARM scope.
 */
export function resolveScopes(scope: string[] | undefined, resource: string | undefined, armResource: string): string[] {
  if (scope && scope.length > 0) return scope;
  return [`${resource || armResource}/.default`];
}

/** TZ values that name UTC itself (with POSIX's optional leading ':'); Python's local time is then UTC. */
const UTC_ZONES: ReadonlySet<string> = new Set(["UTC", "UTC0", "Etc/UTC", "GMT", "GMT0", "Etc/GMT", "UCT", "Etc/UCT", "Universal", "Etc/Universal", "Zulu", "Etc/Zulu"]);

/**
 * Python's datetime.fromtimestamp(s).strftime("%Y-%m-%d %H:%M:%S.%f"): local time, six fraction digits. `tz` is
 * the TZ variable the process started with: when it names UTC the UTC fields are read, which spares loading the
 * time-zone database (~0.5 ms, a tenth of a json cache hit's own work).
 */
export function formatLocalTime(epochSeconds: number, tz?: string): string {
  const utc = tz !== undefined && UTC_ZONES.has(tz.startsWith(":") ? tz.slice(1) : tz);
  return `${dateTimeText(new Date(epochSeconds * 1000), utc, " ")}.000000`;
}
