// Which files a shim directory holds and whether an existing one is ours. aztoken only ever overwrites or
// removes regular files carrying the marker line: ~/.local/bin/az may well be a pip-installed Azure CLI.
import { promises as fs } from "node:fs";
import { renderCmdLauncher } from "./cmd-script.js";
import { renderPosixLauncher, type LauncherTarget } from "./posix-script.js";
import { CMD_MARKER_LINE, POSIX_MARKER_LINE } from "./routes.js";

export interface LauncherFile {
  name: "az" | "az.cmd";
  render(target: LauncherTarget): string;
}

const POSIX: LauncherFile = { name: "az", render: renderPosixLauncher };
const CMD: LauncherFile = { name: "az.cmd", render: renderCmdLauncher };

/** All launcher kinds, for uninstall. */
export const ALL_LAUNCHERS: readonly LauncherFile[] = [POSIX, CMD];

/** Windows gets az.cmd (what cmd.exe and the SDKs run) and the sh script for Git Bash, as npm's shims do. */
export function launchersFor(platform: NodeJS.Platform): readonly LauncherFile[] {
  return platform === "win32" ? [CMD, POSIX] : [POSIX];
}

/** Enough for the first two lines of a launcher; a file whose line 2 lies beyond cannot be ours. */
const MARKER_WINDOW_BYTES = 1024;
/** The marker line install writes into a file of this name. */
const markerLineFor = (path: string) => (path.toLowerCase().endsWith(".cmd") ? CMD_MARKER_LINE : POSIX_MARKER_LINE);

export type ExistingFile = "absent" | "launcher" | "other";

/** Classifies `path` without following a symlink (a link to a real az is not ours to replace). */
export async function classify(path: string): Promise<ExistingFile> {
  let handle: fs.FileHandle | undefined;
  try {
    const stat = await fs.lstat(path);
    if (!stat.isFile()) return "other";
    handle = await fs.open(path, "r");
    const buffer = Buffer.alloc(MARKER_WINDOW_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    // ours only if line 2 is exactly the marker line install writes into a file of this name
    const secondLine = buffer.subarray(0, bytesRead).toString("latin1").split(/\r?\n/)[1];
    return secondLine === markerLineFor(path) ? "launcher" : "other";
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return "absent";
    throw error;
  } finally {
    await handle?.close();
  }
}
