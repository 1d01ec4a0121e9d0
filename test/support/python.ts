// Finding a Python that can import a module: PATH's python3 may be a shim without the system's packages, so
// each candidate is asked in turn (PATH's python3 and python, then the system's).
import { execFileSync } from "node:child_process";

export interface FoundPython {
  path: string;
  /** The module's __version__. */
  version: string;
}

const CANDIDATES = ["python3", "python", "/usr/bin/python3", "/usr/local/bin/python3"];

export function findPythonWith(module: string): FoundPython | undefined {
  for (const candidate of CANDIDATES) {
    try {
      const version = execFileSync(candidate, ["-c", `import ${module}; print(getattr(${module}, "__version__", "?"))`], {
        encoding: "utf8",
        stdio: "pipe",
        timeout: 60_000,
      }).trim();
      return { path: candidate, version };
    } catch {
      // not there, or the module is missing: try the next
    }
  }
  return undefined;
}
