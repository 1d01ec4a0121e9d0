// Which kubeconfig files kubectl reads, in its order (client-go's ClientConfigLoadingRules): --kubeconfig
// alone; else every file of the KUBECONFIG list (split on the platform's path-list separator, empty entries
// and repeats dropped, missing files skipped); else ~/.kube/config.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { AzError } from "../errors.js";

export interface KubeconfigSearch {
  /** --kubeconfig. */
  explicit?: string | undefined;
  /** The KUBECONFIG variable. */
  kubeconfigEnv?: string | undefined;
  homeDir: string;
  platform: NodeJS.Platform;
  /** Relative entries resolve against this directory (the process's working directory). */
  cwd: string;
}

/** The existing kubeconfig files in precedence order (the first definition of a name wins). */
export function kubeconfigFiles(search: KubeconfigSearch): string[] {
  if (search.explicit !== undefined && search.explicit !== "") {
    const file = resolve(search.cwd, search.explicit);
    if (!existsSync(file)) throw new AzError(`The kubeconfig file ${file} does not exist.`);
    return [file];
  }
  if (search.kubeconfigEnv !== undefined && search.kubeconfigEnv !== "") {
    const listed = search.kubeconfigEnv.split(search.platform === "win32" ? ";" : ":").filter((entry) => entry !== "");
    const files = [...new Set(listed.map((entry) => resolve(search.cwd, entry)))].filter((file) => existsSync(file));
    if (files.length === 0) throw new AzError(`None of the files in KUBECONFIG exists: ${search.kubeconfigEnv}`);
    return files;
  }
  const file = join(search.homeDir, ".kube", "config");
  if (!existsSync(file)) throw new AzError(`No kubeconfig at ${file}; run \`az aks get-credentials\` first, or give --kubeconfig.`);
  return [file];
}
