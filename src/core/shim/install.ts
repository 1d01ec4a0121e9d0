// `aztoken shim install`: write the az launchers into a directory and say whether PATH will find them.
import { promises as fs } from "node:fs";
import path from "node:path";
import { AzError } from "../errors.js";
import { writeFileAtomic } from "../../infra/fs/atomic-write.js";
import type { Logger } from "../logger.js";
import { classify, launchersFor } from "./launcher-files.js";
import { defaultShimDir, looksTemporary, pathStatus, runningAztoken, type Host } from "./location.js";
import type { LauncherTarget } from "./posix-script.js";

export interface InstallReport {
  dir: string;
  files: string[];
  node: string;
  aztoken: string;
  onPath: boolean;
  /** The real az that PATH finds before the launcher, if any. */
  shadowedBy?: string;
}

export interface InstallRequest {
  dir: string | undefined;
  /** execPath: the running node, which the launchers run unless `target` says otherwise. */
  host: Host & { execPath: string };
  logger: Logger;
  /** Defaults to the running node and aztoken. */
  target?: LauncherTarget;
}

export async function installShim(request: InstallRequest): Promise<InstallReport> {
  const { host, logger } = request;
  const dir = resolveShimDir(request.dir, host, logger);
  const target = request.target ?? runningAztoken(host.execPath);
  const launchers = launchersFor(host.platform);
  const files = launchers.map((launcher) => path.join(dir, launcher.name));

  for (const file of files) {
    if ((await classify(file)) === "other") {
      throw new AzError(`Not overwriting ${file}: it was not written by aztoken. Remove it yourself or choose another directory with --dir.`);
    }
  }
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o755 });
    for (const [index, launcher] of launchers.entries()) {
      // Replace, never rewrite in place: sh reads a script while running it, so a concurrent run would see a mix.
      await writeFileAtomic(files[index]!, launcher.render(target), { mode: 0o755 });
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === undefined) throw error;
    throw new AzError(`Cannot write the launcher into ${dir} (${code}). Choose another directory with --dir.`);
  }

  const status = await pathStatus(dir, host, async (file) => (await classify(file)) === "other");
  warnAboutPath(dir, status, host, logger);
  if (looksTemporary(target)) {
    logger.warning(`aztoken runs from npx's cache (${target.bin}), which may be cleaned; install aztoken globally and run this again.`);
  }
  return { dir, files, node: target.node, aztoken: target.bin, onPath: status.onPath, ...(status.shadowedBy ? { shadowedBy: status.shadowedBy } : {}) };
}

/** --dir, resolved against the working directory, or the per-user bin directory (named in the result). */
export function resolveShimDir(dir: string | undefined, host: Host, logger: Logger): string {
  if (dir !== undefined) {
    if (dir === "") throw new AzError("--dir must not be empty.");
    return path.resolve(dir);
  }
  const chosen = defaultShimDir(host);
  logger.info(`No --dir given: using the per-user bin directory ${chosen}.`);
  return chosen;
}

function warnAboutPath(dir: string, status: { onPath: boolean; shadowedBy?: string | undefined }, host: Host, logger: Logger): void {
  const howTo =
    host.platform === "win32"
      ? "add it to Path ahead of the Azure CLI's directory"
      : `add 'export PATH="${dir}:$PATH"' to your shell profile`;
  if (status.shadowedBy) {
    logger.warning(`'az' still runs ${status.shadowedBy}: PATH lists its directory before ${dir}. To use aztoken, ${howTo}.`);
  } else if (!status.onPath) {
    logger.warning(`${dir} is not on PATH, so 'az' does not run aztoken yet. To use it, ${howTo}.`);
  }
}
