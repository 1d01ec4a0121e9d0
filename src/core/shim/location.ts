// Where the launchers go, where they point, and how PATH sees them.
import { existsSync, realpathSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { AzError } from "../errors.js";
import type { Env } from "../../infra/deps.js";
import type { LauncherTarget } from "./posix-script.js";

export interface Host {
  platform: NodeJS.Platform;
  env: Env;
  homeDir: string;
}

function pathApi(platform: NodeJS.Platform): path.PlatformPath {
  return platform === "win32" ? path.win32 : path.posix;
}

/**
 * The per-user bin directory: no administrator rights needed and nothing changes for other users.
 * Linux/macOS: $XDG_BIN_HOME or ~/.local/bin (systemd's file-hierarchy user bin, on PATH by default in many
 * distributions' shell profiles, and where pip and pipx put user commands).
 * Windows: %LOCALAPPDATA%\aztoken\bin (per user, not roaming; LOCALAPPDATA has no shared bin directory).
 */
export function defaultShimDir(host: Host): string {
  const api = pathApi(host.platform);
  if (host.platform === "win32") {
    return api.join(host.env.LOCALAPPDATA || api.join(host.homeDir, "AppData", "Local"), "aztoken", "bin");
  }
  const xdgBin = host.env.XDG_BIN_HOME;
  return xdgBin && api.isAbsolute(xdgBin) ? xdgBin : api.join(host.homeDir, ".local", "bin");
}

export interface PathStatus {
  onPath: boolean;
  /** An `az` in a PATH directory listed before the shim directory: it runs instead of the launcher. */
  shadowedBy: string | undefined;
}

/**
 * Whether `az` on PATH reaches the launcher in `dir`. `isForeignAz` says whether a candidate file is a real
 * az (present and not one of our launchers).
 */
export async function pathStatus(dir: string, host: Host, isForeignAz: (file: string) => Promise<boolean>): Promise<PathStatus> {
  const api = pathApi(host.platform);
  const same = (a: string, b: string) => {
    const normal = (p: string) => api.resolve(p).replace(/[\\/]+$/, "");
    return host.platform === "win32" ? normal(a).toLowerCase() === normal(b).toLowerCase() : normal(a) === normal(b);
  };
  const names = host.platform === "win32" ? ["az.cmd", "az.exe", "az.bat"] : ["az"];
  const entries = (host.env.PATH ?? host.env.Path ?? "").split(api.delimiter).filter((entry) => entry !== "");
  const position = entries.findIndex((entry) => same(entry, dir));
  if (position < 0) return { onPath: false, shadowedBy: undefined };
  for (const entry of entries.slice(0, position)) {
    for (const name of names) {
      const candidate = api.join(entry, name);
      if (await isForeignAz(candidate)) return { onPath: true, shadowedBy: candidate };
    }
  }
  return { onPath: true, shadowedBy: undefined };
}

/** The running aztoken: this node and the package's bin/aztoken.js (found above this module, bundled or not). */
export function runningAztoken(execPath: string): LauncherTarget {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const bin = path.join(dir, "bin", "aztoken.js");
    if (existsSync(bin) && existsSync(path.join(dir, "package.json"))) return { node: execPath, bin: realpathSync(bin) };
    const parent = path.dirname(dir);
    if (parent === dir) throw new AzError("Cannot find aztoken's bin/aztoken.js to point the az launcher at.");
    dir = parent;
  }
}

/** npx runs packages from a cache that it may clean; a launcher pointing there breaks later. */
export function looksTemporary(target: LauncherTarget): boolean {
  return /[\\/]_npx[\\/]/.test(target.bin);
}
