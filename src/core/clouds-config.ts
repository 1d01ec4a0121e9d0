// clouds.config keeps, per cloud, the default subscription (`[AzureCloud] subscription = <id>`); az updates it
// on login and `account set`. Other sections and keys (custom cloud endpoints) are kept.
import { join } from "node:path";
import { CorruptFileError } from "./errors.js";
import { formatIni, parseIni, type IniData } from "./ini.js";
import { readTextStrict, UnreadableTextError } from "../infra/fs/strict-text.js";
import { writeFileAtomic } from "../infra/fs/atomic-write.js";
import { withFileLock } from "../infra/fs/file-lock.js";
import { CLOUDS_CONFIG_FILE } from "./paths.js";

/** clouds.config read for a rewrite: missing is empty; a file that cannot be read (or is not UTF-8) is refused. */
export function readCloudsConfigForUpdate(configDir: string): IniData {
  const path = join(configDir, CLOUDS_CONFIG_FILE);
  try {
    const text = readTextStrict(path);
    return text === undefined ? new Map() : parseIni(text);
  } catch (error) {
    if (error instanceof UnreadableTextError) throw CorruptFileError.leftUnchanged(path);
    throw error;
  }
}

export async function setCloudSubscription(configDir: string, cloudName: string, subscriptionId: string | undefined): Promise<void> {
  const path = join(configDir, CLOUDS_CONFIG_FILE);
  await withFileLock(path, async () => {
    const data = readCloudsConfigForUpdate(configDir);
    const section = data.get(cloudName) ?? new Map<string, string>();
    if (subscriptionId === undefined) section.delete("subscription");
    else section.set("subscription", subscriptionId);
    data.set(cloudName, section);
    await writeFileAtomic(path, formatIni(data));
  });
}
