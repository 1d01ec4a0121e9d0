// `account set`, `account clear` and `logout`: the profile changes az makes, done with locked atomic writes.
import { rmSync } from "node:fs";
import { join } from "node:path";
import { AzError } from "../errors.js";
import { withFileLock } from "../../infra/fs/file-lock.js";
import { authorityHost } from "../clouds.js";
import { readCloudsConfigForUpdate, setCloudSubscription } from "../clouds-config.js";
import type { Env } from "../../infra/deps.js";
import type { Logger } from "../logger.js";
import { findAccounts } from "../cache/msal-cache.js";
import { removeMsalAccount, updateMsalCache } from "../cache/msal-cache-store.js";
import { msalCachePath } from "../cache/msal-cache.js";
import { selectAccount } from "../profile/accounts.js";
import { updateProfile } from "../profile/profile-writer.js";
import { removeServicePrincipal } from "../profile/service-principal-store.js";
import { servicePrincipalPath } from "../profile/service-principal-file.js";
import type { ProfileSession } from "../profile/session.js";

const CLOUD_SHELL_LOGOUT_WARNING =
  "Logout successful. Re-login to your initial Cloud Shell identity with 'az login --identity'. Login with a new identity with 'az login'.";

/** az's set_active_subscription: exactly one match by id or name within the active cloud becomes the default. */
export async function setActiveAccount(session: ProfileSession, subscription: string): Promise<void> {
  const wanted = subscription.toLowerCase();
  const cloud = session.cloud.name;
  void session.profile; // prints the corrupt-profile notice, as az does at start-up
  readCloudsConfigForUpdate(session.configDir); // refuses an unreadable clouds.config before the profile changes
  const chosenId = await updateProfile(session.configDir, (document) => {
    const accounts = document.subscriptions ?? [];
    const matches = accounts.filter(
      (account) => account.environmentName === cloud && (account.id.toLowerCase() === wanted || String(account.name).toLowerCase() === wanted),
    );
    if (matches.length !== 1) {
      throw new AzError(`The subscription of '${wanted}' ${matches.length === 0 ? "doesn't exist" : "has more than one match"} in cloud '${cloud}'.`);
    }
    // az clears the flag in every cloud, not only the active one
    for (const account of accounts) account.isDefault = false;
    matches[0]!.isDefault = true;
    return matches[0]!.id;
  });
  await setCloudSubscription(session.configDir, cloud, chosenId);
}

/** az's account clear: no accounts, and the token cache and service principal secrets deleted. */
export async function clearAccounts(session: ProfileSession, env: Env, logger: Logger): Promise<void> {
  if (env.ACC_CLOUD !== undefined) logger.warning(CLOUD_SHELL_LOGOUT_WARNING);
  removeLegacyAdalCache(session.configDir);
  for (const path of [msalCachePath(session.configDir), servicePrincipalPath(session.configDir)]) {
    // Under the file's lock: a refresh in flight holds it and writes its tokens back when it finishes, so
    // deleting without the lock would let the refresh token reappear a moment after `account clear`.
    await withFileLock(path, () => {
      for (const suffix of ["", ".bin"]) rmSync(path + suffix, { force: true });
    });
  }
  if (session.profile.status === "corrupt") {
    throw new AzError(`${session.profile.path} could not be parsed and was left unchanged; the token cache was deleted. Fix or delete the profile file.`);
  }
  await updateProfile(session.configDir, (document) => {
    document.subscriptions = [];
  });
}

/** az's logout: the user's (or service principal's) accounts, tokens and secrets go. */
export async function logout(session: ProfileSession, env: Env, logger: Logger, username?: string): Promise<void> {
  removeLegacyAdalCache(session.configDir);
  if (env.ACC_CLOUD !== undefined) logger.warning(CLOUD_SHELL_LOGOUT_WARNING);
  let user = username;
  if (!user) {
    try {
      user = selectAccount(session.accounts()).user.name;
    } catch {
      throw new AzError("There are no active accounts.");
    }
  }
  const name = user.toLowerCase();
  if (session.profile.status !== "corrupt") {
    await updateProfile(session.configDir, (document) => {
      document.subscriptions = (document.subscriptions ?? []).filter((account) => account.user.name.toLowerCase() !== name);
    });
  }
  const environment = new URL(authorityHost(session.cloud, session.configDir)).hostname;
  await updateMsalCache(session.configDir, (document) => {
    let changed = false;
    for (const account of findAccounts(document, environment, user)) {
      changed = removeMsalAccount(document, account.home_account_id, account.environment) || changed;
    }
    return { changed, value: undefined };
  });
  await removeServicePrincipal(session.configDir, user);
}

/** az removes the ADAL-era accessTokens.json on logout and clear; it is no longer used by anyone. */
function removeLegacyAdalCache(configDir: string): void {
  rmSync(join(configDir, "accessTokens.json"), { force: true });
}
