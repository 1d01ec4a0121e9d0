// The code caches' directory: private to the user or not used at all (whoever can write it decides what code
// later runs execute).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const { privateCacheDir } = require("../../../bin/aztoken.js") as { privateCacheDir(base: string): string | undefined };

const bases: string[] = [];
afterEach(() => bases.splice(0).forEach((base) => rmSync(base, { recursive: true, force: true })));
const base = () => {
  const dir = mkdtempSync(join(tmpdir(), "aztoken-cc-"));
  bases.push(dir);
  return dir;
};
const ownName = () => (typeof process.getuid === "function" ? `aztoken-compile-cache-${process.getuid()}` : "aztoken-compile-cache");

describe.skipIf(process.platform === "win32")("privateCacheDir", () => {
  it("creates a per-user directory with mode 0700 and reuses it", () => {
    const where = base();
    const dir = privateCacheDir(where);
    expect(dir).toBe(join(where, ownName()));
    expect(statSync(dir!).mode & 0o777).toBe(0o700);
    expect(privateCacheDir(where)).toBe(dir);
  });

  it("refuses a directory others can write", () => {
    const where = base();
    mkdirSync(join(where, ownName()));
    chmodSync(join(where, ownName()), 0o777);
    expect(privateCacheDir(where)).toBeUndefined();
  });

  it("refuses a link planted in its place", () => {
    const where = base();
    mkdirSync(join(where, "elsewhere"), { mode: 0o700 });
    symlinkSync(join(where, "elsewhere"), join(where, ownName()));
    expect(privateCacheDir(where)).toBeUndefined();
  });
});
