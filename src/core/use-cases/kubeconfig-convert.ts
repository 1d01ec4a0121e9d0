// `kubeconfig convert`: every kubeconfig user that signs in to Entra ID through kubelogin (or the legacy azure
// auth provider) is pointed at `aztoken exec-credential` with the same server id and tenant. Every file is
// parsed before any is written, so one unreadable file stops the run with nothing changed; each file that
// changes is copied to FILE.aztoken-backup first and replaced atomically under kubectl's own lock (FILE.lock).
import { promises as fs } from "node:fs";
import { AzError } from "../errors.js";
import { writeFileAtomic } from "../../infra/fs/atomic-write.js";
import { acquireFileLock } from "../../infra/fs/file-lock.js";
import { kubeconfigFiles } from "../kubernetes/kubeconfig-files.js";
import { classifyUser, type EntraSignIn } from "../kubernetes/kubeconfig-users.js";
import type { KubeconfigFile, NamedEntry } from "../kubernetes/kubeconfig-document.js";
import type { Deps } from "../../infra/deps.js";
import type { Logger } from "../logger.js";

export interface KubeconfigConvertOptions {
  kubeconfig?: string;
  context?: string;
  /** Where relative --kubeconfig / KUBECONFIG entries start. */
  cwd: string;
}

export interface ConvertedUser extends EntraSignIn {
  name: string;
}

export interface ConvertedFile {
  file: string;
  backup: string;
  users: ConvertedUser[];
}

export const BACKUP_SUFFIX = ".aztoken-backup";

interface Owner {
  file: KubeconfigFile;
  entry: NamedEntry;
}

type DocumentModule = typeof import("../kubernetes/kubeconfig-document.js");

export async function convertKubeconfig(options: KubeconfigConvertOptions, deps: Deps, logger: Logger): Promise<ConvertedFile[]> {
  const paths = kubeconfigFiles({ explicit: options.kubeconfig, kubeconfigEnv: deps.env.KUBECONFIG, homeDir: deps.homeDir, platform: deps.platform, cwd: options.cwd });
  const yaml = await import("../kubernetes/kubeconfig-document.js");
  const files: KubeconfigFile[] = [];
  for (const path of paths) files.push(yaml.parseKubeconfig(path, await fs.readFile(path, "utf8")));

  const owners = firstDefinitions(files, "users", yaml);
  const chosen = options.context === undefined ? [...owners.values()] : [ownerOfContext(options.context, files, owners, yaml)];
  const plan = new Map<KubeconfigFile, { entry: NamedEntry; signIn: EntraSignIn }[]>();
  for (const owner of chosen) {
    const verdict = classifyUser(yaml.userData(owner.entry));
    if (verdict.kind === "invalid") throw new AzError(`The user "${owner.entry.name}" in ${owner.file.path} cannot be converted: ${verdict.reason}.`);
    if (verdict.kind === "other" && options.context !== undefined) {
      throw new AzError(`The user "${owner.entry.name}" of context "${options.context}" neither runs kubelogin nor uses the azure auth provider.`);
    }
    if (verdict.kind !== "entra") continue;
    plan.set(owner.file, [...(plan.get(owner.file) ?? []), { entry: owner.entry, signIn: verdict.signIn }]);
  }
  if (plan.size === 0) {
    logger.warning(`No user in ${paths.join(", ")} runs kubelogin or uses the azure auth provider; nothing was changed.`);
    return [];
  }

  const converted: ConvertedFile[] = [];
  for (const [file, users] of plan) {
    for (const { entry, signIn } of users) yaml.pointUserAtAztoken(file, entry, signIn);
    converted.push({ ...(await replaceFile(file, yaml.renderKubeconfig(file))), users: users.map(({ entry, signIn }) => ({ name: entry.name, ...signIn })) });
  }
  return converted;
}

/** kubectl's merge: the first file that defines a name wins. */
function firstDefinitions(files: KubeconfigFile[], section: "users" | "contexts", yaml: DocumentModule): Map<string, Owner> {
  const owners = new Map<string, Owner>();
  for (const file of files) for (const entry of yaml.namedEntries(file, section)) if (!owners.has(entry.name)) owners.set(entry.name, { file, entry });
  return owners;
}

function ownerOfContext(name: string, files: KubeconfigFile[], users: Map<string, Owner>, yaml: DocumentModule): Owner {
  const where = files.map((file) => file.path).join(", ");
  const context = firstDefinitions(files, "contexts", yaml).get(name);
  if (!context) throw new AzError(`No context named "${name}" in ${where}.`);
  const userName = yaml.contextUser(context.entry);
  if (userName === undefined) throw new AzError(`The context "${name}" names no user.`);
  const owner = users.get(userName);
  if (!owner) throw new AzError(`The user "${userName}" of context "${name}" is not defined in ${where}.`);
  return owner;
}

/** Backup, then atomic replace (the file's mode kept), under kubectl's lock; refuses if the file changed meanwhile. */
async function replaceFile(file: KubeconfigFile, text: string): Promise<{ file: string; backup: string }> {
  const real = await fs.realpath(file.path);
  const backup = `${real}${BACKUP_SUFFIX}`;
  const lock = await acquireFileLock(`${real}.lock`, { timeoutMs: 5_000 });
  try {
    const now = await fs.readFile(real);
    if (now.toString("utf8") !== file.text) throw new AzError(`${file.path} changed while it was being converted; nothing was written to it. Run the command again.`);
    await writeFileAtomic(backup, now, { mode: 0o600 });
    // writeFileAtomic tightens profile files to 0600; a kubeconfig keeps the mode its owner gave it
    await writeFileAtomic(real, text, { mode: (await fs.stat(real)).mode & 0o777 });
  } finally {
    await lock.release();
  }
  return { file: file.path, backup };
}
