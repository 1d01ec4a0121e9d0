// What every login flow works with, and the bridge to the credential classes (which expect a profile account:
// during a login there is none yet, so flows describe the identity they are about to store).
import { authorityHost, cloudEndpoint } from "../clouds.js";
import type { CredentialContext } from "../credentials/types.js";
import type { Logger } from "../logger.js";
import type { ProfileAccount } from "../profile/profile-file.js";
import type { ProfileSession } from "../profile/session.js";
import type { Deps } from "../../infra/deps.js";
import type { HttpRequest } from "../../infra/http-types.js";
import { ArmClient } from "./arm-client.js";
import { SubscriptionFinder } from "./subscription-finder.js";

export interface LoginContext {
  deps: Deps;
  logger: Logger;
  session: ProfileSession;
}

/** A credential context for an identity that has no profile entry yet. */
export function credentialContext(context: LoginContext, user: { name: string; type: "user" | "servicePrincipal" }, tenantId: string): CredentialContext {
  const { session } = context;
  const account: ProfileAccount = {
    id: tenantId,
    name: "",
    state: "Enabled",
    user: { ...user },
    isDefault: false,
    tenantId,
    environmentName: session.cloud.name,
  };
  return { deps: context.deps, logger: context.logger, configDir: session.configDir, cloud: session.cloud, account };
}

/** e.g. https://login.microsoftonline.com (no trailing slash). */
export function loginAuthorityHost(context: LoginContext): string {
  return authorityHost(context.session.cloud, context.session.configDir);
}

/** The cloud's ARM scope, `<active_directory_resource_id>/.default` (az's default login scope). */
export function armScope(context: LoginContext): string {
  return `${armResource(context)}/.default`;
}

export function armResource(context: LoginContext): string {
  return cloudEndpoint(context.session.cloud, "active_directory_resource_id", context.session.configDir);
}

/** A finder on the cloud's ARM endpoint; the HTTP client is only built when the first request goes out. */
export function createSubscriptionFinder(context: LoginContext): SubscriptionFinder {
  const { session, deps, logger } = context;
  const http = { send: async (request: HttpRequest) => (await deps.http()).send(request) };
  return new SubscriptionFinder(new ArmClient(http, cloudEndpoint(session.cloud, "resource_manager", session.configDir), logger), logger);
}
