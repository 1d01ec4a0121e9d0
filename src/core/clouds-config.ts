// clouds.config keeps, per cloud, the default subscription (`[AzureCloud] subscription = <id>`); az updates it
// on login and `account set`. Other sections and keys (custom cloud endpoints) are kept.
import { join } from "node:path";
import { readIniFile } from "./config.js";
import { formatIni } from "./ini.js";
import { writeFileAtomic } from "../infra/fs/atomic-write.js";
import { withFileLock } from "../infra/fs/file-lock.js";
import { CLOUDS_CONFIG_FILE } from "./paths.js";

export async function setCloudSubscription(configDir: string, cloudName: string, subscriptionId: string | undefined): Promise<void> {
  const path = join(configDir, CLOUDS_CONFIG_FILE);
  await withFileLock(path, async () => {
    const data = readIniFile(path);
    const section = data.get(cloudName) ?? new Map<string, string>();
    if (subscriptionId === undefined) section.delete("subscription");
    else section.set("subscription", subscriptionId);
    data.set(cloudName, section);
    await writeFileAtomic(path, formatIni(data));
  });
}
