// The oracles tests compare aztoken with when this machine has them: a Python that imports what a suite needs,
// and the real az. A missing oracle is not a failure: the suite skips, and says so in one line naming what is
// missing, so that a run on a bare clone shows what it did not check.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { basename } from "node:path";
import { findAllOnPath, findOnPath } from "./executables.js";

const WINDOWS = process.platform === "win32";

const pythons = new Map<string, string | undefined>();

/**
 * The first `python3` or `python` on PATH that imports every one of `modules` (any Python 3 when none are
 * given), or undefined. PATH may start with a version manager's shim that lacks the system packages (Debian's
 * python3-azure, azure-cli), so every candidate is tried rather than the first.
 */
export function findPython(...modules: string[]): string | undefined {
  const key = modules.join(",");
  if (!pythons.has(key)) {
    const script = modules.length > 0 ? `import ${modules.join(", ")}` : "import sys; sys.exit(sys.version_info[0] != 3)";
    const works = (python: string) => spawnSync(python, ["-W", "ignore", "-c", script], { stdio: "ignore", timeout: 60_000 }).status === 0;
    pythons.set(key, pythonCandidates().find(works));
  }
  return pythons.get(key);
}

function pythonCandidates(): string[] {
  const seen = new Set<string>();
  return [...findAllOnPath("python3"), ...findAllOnPath("python")].filter((candidate) => {
    const real = realpathSync(candidate);
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

/**
 * The interpreter of the installed az script (its `#!` line), which has az's own packages (knack, MSAL for
 * Python, msal_extensions), or undefined when no az is on PATH.
 */
export function findRealAzPython(): string | undefined {
  const az = findOnPath("az");
  if (!az || WINDOWS) return undefined;
  const [, interpreter, argument] = /^#!\s*(\S+)(?:[ \t]+(\S+))?/.exec(readFileSync(realpathSync(az), "utf8").slice(0, 200)) ?? [];
  if (interpreter && basename(interpreter) === "env") return argument ? findOnPath(argument) : undefined;
  return interpreter && existsSync(interpreter) ? interpreter : undefined;
}

/** Prints the one line a suite shows when it skips for want of `missing`. */
export function reportSkip(suite: string, missing: string): void {
  console.warn(`skipping ${suite}: ${missing}`);
}

/** `found`, after printing the skip line when it is undefined: `describe.runIf(needOracle(...))`. */
export function needOracle<T>(found: T | undefined, suite: string, missing: string): T | undefined {
  if (found === undefined) reportSkip(suite, missing);
  return found;
}
