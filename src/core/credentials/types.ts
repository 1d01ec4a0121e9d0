// What every credential kind shares. One file per kind (user, service-principal, managed-identity,
// cloud-shell), as @azure/identity does; network code is reached through `await import()` only on a miss.
import type { Deps } from "../../infra/deps.js";
import type { Cloud } from "../clouds.js";
import type { Logger } from "../logger.js";
import type { ProfileAccount } from "../profile/profile-file.js";

export interface AccessToken {
  token: string;
  /** Expiry as az reports it: floor(now) + int(expires_on - now), POSIX seconds. */
  expiresOn: number;
}

export interface TokenRequest {
  scopes: string[];
  /** `--tenant`, when given. */
  tenant?: string;
}

export interface Credential {
  getToken(request: TokenRequest): Promise<AccessToken>;
}

export interface CredentialContext {
  deps: Deps;
  logger: Logger;
  configDir: string;
  cloud: Cloud;
  account: ProfileAccount;
}

/** Azure CLI's public client id, used for every user token. */
export const AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

/** az's report of a token's expiry: MSAL gives int(expires_on - now) with a fractional now; az adds int(now). */
export function reportedExpiry(nowMs: number, expiresInSeconds: number): number {
  return Math.floor(nowMs / 1000) + Math.trunc(expiresInSeconds);
}
