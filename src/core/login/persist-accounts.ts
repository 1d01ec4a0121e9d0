// Storing discovered accounts: azureProfile.json merged under its lock, then the cloud's default subscription
// in clouds.config (az's _set_subscriptions + set_cloud_subscription).
import { setCloudSubscription } from "../clouds-config.js";
import type { ProfileAccount } from "../profile/profile-file.js";
import { updateProfile } from "../profile/profile-writer.js";
import { mergeAccounts } from "./profile-accounts.js";

export async function persistAccounts(configDir: string, cloudName: string, incoming: ProfileAccount[], options: { merge: boolean }): Promise<void> {
  const defaultId = await updateProfile(configDir, (document) => {
    const { accounts, defaultId } = mergeAccounts(document.subscriptions ?? [], incoming, { ...options, cloudName });
    document.subscriptions = accounts;
    return defaultId;
  });
  if (defaultId !== undefined) await setCloudSubscription(configDir, cloudName, defaultId);
}
