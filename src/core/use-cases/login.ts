// `az login`: check the options, sign in (service principal, managed identity, Cloud Shell, Kubernetes workload
// identity, or a user by browser, device code or password), find the subscriptions the identity can see through ARM, store them as
// accounts, and return them as az prints them.
import { makeDirectoryKeepingOwner } from "../../infra/fs/ownership.js";
import { AzError } from "../errors.js";
import { systemBrowserLauncher, type BrowserLauncher } from "../login/browser-launcher.js";
import { browserSignIn } from "../login/flows/browser.js";
import { deviceCodeSignIn } from "../login/flows/device-code.js";
import { signInManagedIdentity } from "../login/flows/managed-identity.js";
import { servicePrincipalSecret, signInServicePrincipal } from "../login/flows/service-principal.js";
import { signInUser, type MsalSignIn } from "../login/flows/user-sign-in.js";
import { usernamePasswordSignIn } from "../login/flows/username-password.js";
import { armScope, createSubscriptionFinder, loginAuthorityHost, type LoginContext } from "../login/login-context.js";
import { persistAccounts } from "../login/persist-accounts.js";
import { workloadIdentityOptions } from "../login/workload-identity.js";
import { tenantLevelSubscriptions, toProfileAccounts, type AccountOwner } from "../login/profile-accounts.js";
import type { ArmTokenSource, FoundSubscription } from "../login/subscription-finder.js";
import {
  checkLoginUsage,
  decodeClaimsChallenge,
  hasAssertionProvider,
  identityCandidates,
  USERNAME_IDENTITY_DEPRECATION,
  type LoginOptions,
} from "../login/usage.js";
import type { ProfileAccount } from "../profile/profile-file.js";
import { renameCloudField, type ListedAccount } from "./account-read.js";

export type { LoginOptions } from "../login/usage.js";

const CLOUD_SHELL_LOGIN_WARNING =
  "Cloud Shell is automatically authenticated under the initial account signed-in with. Run 'az login' only if you need to use a different account";

const USERNAME_PASSWORD_DEPRECATION_AZURE_CLOUD =
  "Starting September 1, 2025, MFA will be gradually enforced for Azure public cloud. " +
  "The authentication with username and password in the command line is not supported with MFA. " +
  "Consider using one of the compatible authentication methods. For more details, see https://go.microsoft.com/fwlink/?linkid=2276314";
const USERNAME_PASSWORD_DEPRECATION_OTHER_CLOUD =
  "Using authentication with username and password in the command line is strongly discouraged. " +
  "Consider using one of the recommended authentication methods. For more details, see https://go.microsoft.com/fwlink/?linkid=2276314";

export interface LoginSeams {
  /** Opens the sign-in page; the system's opener by default. */
  browser?: BrowserLauncher;
}

/** The stored accounts as az prints them: `cloudName` for sign-ins, `environmentName` kept for managed identity (as 2.45). */
export async function login(given: LoginOptions, context: LoginContext, seams: LoginSeams = {}): Promise<(ListedAccount | ProfileAccount)[]> {
  checkLoginUsage(given);
  const options = given.workloadIdentity ? workloadIdentityOptions(given, context) : given;
  const { logger, deps } = context;
  // az creates its configuration directory at start-up; every cache and profile lock lives in it
  makeDirectoryKeepingOwner(context.session.configDir, 0o700);
  const inCloudShell = deps.env.ACC_CLOUD !== undefined;
  if (options.username && !options.servicePrincipal && !options.identity) {
    const publicCloud = loginAuthorityHost(context).startsWith("https://login.microsoftonline.com");
    logger.warning(publicCloud ? USERNAME_PASSWORD_DEPRECATION_AZURE_CLOUD : USERNAME_PASSWORD_DEPRECATION_OTHER_CLOUD);
  }
  if (options.identity) return inCloudShell ? loginInCloudShell(context) : loginWithManagedIdentity(options, context);
  if (inCloudShell) logger.warning(CLOUD_SHELL_LOGIN_WARNING);

  let password = options.password;
  if (options.username && !password && !options.federatedToken && !options.certificate && !hasAssertionProvider(options)) {
    if (!deps.io.stdinIsTTY) throw new AzError("Please specify both username and password in non-interactive mode.");
    password = await deps.io.promptSecret("Password: ");
  }

  const scopes = options.scope && options.scope.length > 0 ? options.scope : [armScope(context)];
  let owner: AccountOwner;
  let tokenFor: ArmTokenSource;
  if (options.servicePrincipal) {
    const clientId = options.username!;
    tokenFor = await signInServicePrincipal(context, {
      clientId,
      tenant: options.tenant,
      secret: servicePrincipalSecret({ ...options, password }, deps.homeDir, deps.env),
      scopes,
    });
    owner = { name: clientId, type: "servicePrincipal", certSnIssuer: options.useCertSnIssuer === true };
  } else {
    const interaction = options.username ? usernamePasswordSignIn(options.username, password!) : interactiveSignIn(options, context, seams);
    const user = await signInUser(context, { tenant: options.tenant, scopes, claims: decodeClaimsChallenge(options.claimsChallenge) }, interaction);
    tokenFor = user.tokenFor;
    owner = { name: user.username, type: "user" };
  }

  const finder = createSubscriptionFinder(context);
  const found = options.tenant
    ? await finder.findUsingSpecificTenant(options.tenant, await tokenFor(options.tenant))
    : await finder.findUsingCommonTenant(tokenFor);
  if (found.length === 0 && !options.allowNoSubscriptions) throw new AzError(`No subscriptions found for ${owner.name}.`);
  if (options.allowNoSubscriptions) {
    const withSubscriptions = new Set(found.map((entry) => entry.tokenTenant));
    found.push(...tenantLevelSubscriptions(finder.tenants.filter((tenant) => !withSubscriptions.has(tenant))));
    if (found.length === 0) return [];
  }
  const accounts = await store(context, found, owner);
  return accounts.map(renameCloudField);
}

/** Browser unless --use-device-code or no browser can be opened (az then falls back to device code). */
function interactiveSignIn(options: LoginOptions, context: LoginContext, seams: LoginSeams): MsalSignIn {
  const launcher = seams.browser ?? systemBrowserLauncher(context.deps.env, context.deps.platform);
  if (!options.useDeviceCode && !launcher.canLaunch()) {
    context.logger.info("No web browser is available. Fall back to device code.");
  } else if (!options.useDeviceCode) {
    const authorizeEndpoint = `${loginAuthorityHost(context)}/${options.tenant ?? "organizations"}/oauth2/v2.0/authorize`;
    return browserSignIn({ logger: context.logger, launcher, authorizeEndpoint });
  }
  return deviceCodeSignIn(context);
}

async function loginWithManagedIdentity(options: LoginOptions, context: LoginContext): Promise<ProfileAccount[]> {
  const candidates = identityCandidates(options);
  if (options.username) context.logger.warning(USERNAME_IDENTITY_DEPRECATION);
  const identity = await signInManagedIdentity(context, candidates);
  const finder = createSubscriptionFinder(context);
  let found = await finder.findUsingSpecificTenant(identity.tenant, identity.token);
  if (found.length === 0) {
    if (!options.allowNoSubscriptions) {
      throw new AzError(
        "No access was configured for the VM, hence no subscriptions were found. If this is expected, use '--allow-no-subscriptions' to have tenant level access.",
      );
    }
    found = tenantLevelSubscriptions([identity.tenant]);
  }
  const { idType, id } = identity.selector;
  return store(context, found, {
    name: id ? "userAssignedIdentity" : "systemAssignedIdentity",
    type: "servicePrincipal",
    assignedIdentityInfo: id ? `${idType}-${id}` : idType,
  });
}

/** Cloud Shell's own identity, stored as a user account flagged cloudShellID. */
async function loginInCloudShell(context: LoginContext): Promise<ProfileAccount[]> {
  const identity = await signInManagedIdentity(context, [{ idType: "MSI", id: undefined }], true);
  const found = await createSubscriptionFinder(context).findUsingSpecificTenant(identity.tenant, identity.token);
  if (found.length === 0) throw new AzError("No subscriptions were found in the cloud shell");
  const name = typeof identity.claims.unique_name === "string" ? identity.claims.unique_name : "N/A";
  return store(context, found, { name, type: "user", cloudShell: true });
}

async function store(context: LoginContext, found: FoundSubscription[], owner: AccountOwner): Promise<ProfileAccount[]> {
  const { session } = context;
  const accounts = toProfileAccounts(found, owner, session.cloud.name);
  await persistAccounts(session.configDir, session.cloud.name, accounts, { merge: true });
  return structuredClone(accounts);
}
