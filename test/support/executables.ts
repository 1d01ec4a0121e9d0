// Finding programs on PATH as a shell would, for the tests' oracles and the bench.
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

const WINDOWS = process.platform === "win32";

/** Every executable called `name` on PATH, in PATH order (on Windows with each PATHEXT extension). */
export function findAllOnPath(name: string, path = process.env.PATH ?? ""): string[] {
  const extensions = WINDOWS ? (process.env.PATHEXT ?? ".EXE;.CMD;.BAT").split(";").filter(Boolean) : [""];
  const found: string[] = [];
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    for (const extension of extensions) {
      const candidate = join(dir, name + extension);
      try {
        accessSync(candidate, constants.X_OK);
        found.push(candidate);
      } catch {
        // not here
      }
    }
  }
  return found;
}

/** The first executable called `name` on PATH, or undefined. */
export function findOnPath(name: string, path = process.env.PATH ?? ""): string | undefined {
  return findAllOnPath(name, path)[0];
}
