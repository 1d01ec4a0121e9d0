// The TypeScript fixture generator writes what the Python one (test/fixtures/az-golden/mkfixture.py, which made
// the profiles the golden cases ran against) writes: byte for byte, for every kind, with the same modes.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXPIRES, FIXTURE_KINDS, writeFixture, type FixtureKind } from "../../support/mkfixture.js";
import { findPython, needOracle } from "../../support/oracles.js";
import { GOLDEN_DIR } from "../../support/paths.js";

const scratch = mkdtempSync(join(tmpdir(), "aztoken-mkfixture-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let made = 0;
const freshDir = () => join(scratch, String(made++));

/** Every file of a profile directory and its bytes (git cannot keep an empty folder: .gitkeep is no part of it). */
function contents(dir: string): Record<string, string> {
  const files = readdirSync(dir).filter((name) => name !== ".gitkeep").sort();
  return Object.fromEntries(files.map((name) => [name, readFileSync(join(dir, name), "latin1")]));
}

/** The moment `user_exp299` was written, from its ARM token's expiry (written as now + 299). */
function writtenAt(dir: string): number {
  const cache = JSON.parse(readFileSync(join(dir, "msal_token_cache.json"), "utf8")) as { AccessToken: Record<string, { expires_on: string }> };
  const expiries = Object.values(cache.AccessToken).map((entry) => Number(entry.expires_on)).filter((exp) => exp !== EXPIRES);
  expect(expiries).toHaveLength(1);
  return expiries[0]! - 299;
}

function generated(kind: FixtureKind, like: string): Record<string, string> {
  const dir = freshDir();
  writeFixture(dir, kind, kind === "user_exp299" ? { now: writtenAt(like) } : {});
  return contents(dir);
}

describe("writeFixture", () => {
  it.each(FIXTURE_KINDS)("%s: the committed profile the golden cases ran against", (kind) => {
    const committed = join(GOLDEN_DIR, "profiles", kind);
    expect(generated(kind, committed)).toEqual(contents(committed));
  });

  it("covers every committed profile", () => {
    expect(readdirSync(join(GOLDEN_DIR, "profiles")).sort()).toEqual([...FIXTURE_KINDS].sort());
  });

  it("counts user_exp299's 299 seconds from now by default", () => {
    const dir = freshDir();
    const before = Math.floor(Date.now() / 1000);
    writeFixture(dir, "user_exp299");
    expect(writtenAt(dir)).toBeGreaterThanOrEqual(before);
    expect(writtenAt(dir)).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
  });

  it.runIf(process.platform !== "win32")("creates the token cache and the secrets file 0600, as az does", () => {
    const dir = freshDir();
    writeFixture(dir, "sp");
    expect(statSync(join(dir, "msal_token_cache.json")).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, "service_principal_entries.json")).mode & 0o777).toBe(0o600);
  });
});

const PYTHON = needOracle(findPython(), "the comparison of writeFixture with mkfixture.py", "no python3 on PATH");

/** Runs mkfixture.py once per kind, all in one Python process (an interpreter start can cost seconds here). */
function runMkfixture(dirs: Record<string, string>): void {
  const script = `import json, runpy, sys
for kind, folder in json.load(sys.stdin).items():
    sys.argv = ["mkfixture.py", folder, kind]
    runpy.run_path(${JSON.stringify(join(GOLDEN_DIR, "mkfixture.py"))}, run_name="__main__")`;
  execFileSync(PYTHON!, ["-c", script], { input: JSON.stringify(dirs), stdio: ["pipe", "pipe", "pipe"] });
}

describe.runIf(PYTHON)("writeFixture against mkfixture.py", () => {
  const byPython = Object.fromEntries(FIXTURE_KINDS.map((kind) => [kind, freshDir()]));
  beforeAll(() => runMkfixture(byPython));

  it.each(FIXTURE_KINDS)("%s", (kind) => {
    const pythonDir = byPython[kind]!;
    expect(generated(kind, pythonDir)).toEqual(contents(pythonDir));
    if (process.platform !== "win32") {
      const modes = (dir: string) => readdirSync(dir).map((name) => [name, statSync(join(dir, name)).mode & 0o777]);
      const ours = freshDir();
      writeFixture(ours, kind);
      expect(modes(ours)).toEqual(modes(pythonDir));
    }
  });
});
