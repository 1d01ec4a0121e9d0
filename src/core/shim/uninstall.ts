// `aztoken shim uninstall`: remove the launchers aztoken wrote, and nothing else.
import { promises as fs } from "node:fs";
import path from "node:path";
import { AzError } from "../errors.js";
import type { Logger } from "../logger.js";
import { ALL_LAUNCHERS, classify } from "./launcher-files.js";
import type { Host } from "./location.js";
import { resolveShimDir } from "./install.js";
import { LAUNCHER_MARKER } from "./routes.js";

export interface UninstallReport {
  dir: string;
  removed: string[];
}

export async function uninstallShim(request: { dir: string | undefined; host: Host; logger: Logger }): Promise<UninstallReport> {
  const dir = resolveShimDir(request.dir, request.host, request.logger);
  const ours: string[] = [];
  const foreign: string[] = [];
  for (const launcher of ALL_LAUNCHERS) {
    const file = path.join(dir, launcher.name);
    const kind = await classify(file);
    if (kind === "launcher") ours.push(file);
    else if (kind === "other") foreign.push(file);
  }
  // Checked before removing anything, so a refusal leaves the directory as it was.
  if (foreign.length > 0) {
    throw new AzError(
      `Not removing ${foreign.join(", ")}: not written by aztoken (no '${LAUNCHER_MARKER}' marker line). Nothing was removed.`,
    );
  }
  for (const file of ours) await fs.rm(file, { force: true });
  if (ours.length === 0) request.logger.warning(`No aztoken launcher in ${dir}; nothing to remove.`);
  return { dir, removed: ours };
}
