// Where things are: the repository (found from the bundle's own location, dist/bench.js, or from bench/ when run
// unbundled), and a private copy of the built CLI.
import { cpSync, existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export function findRepoRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "aztoken") return dir;
    if (dirname(dir) === dir) throw new Error(`bench: no aztoken package.json above ${from}`);
  }
}

/**
 * Copies bin/, dist/ and package.json (for "type": "module") to `dest` and returns the copied bin/aztoken.js.
 * `npm run build` starts by deleting dist/, so without the copy a build in another terminal (`npm test`) would
 * break a bench run half-way. The bytes run are the same.
 */
export function snapshotBuild(repoRoot: string, dest: string): string {
  if (!existsSync(join(repoRoot, "dist", "aztoken.js"))) throw new Error("bench: dist/aztoken.js is missing; run `npm run build` first");
  for (const part of ["bin", "dist", "package.json"]) cpSync(join(repoRoot, part), join(dest, part), { recursive: true });
  return join(dest, "bin", "aztoken.js");
}
