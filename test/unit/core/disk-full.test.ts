// A full disk while the refreshed token is saved: one line that names the cache file and says the new token was
// not saved, and the cache as it was (issue 11, item 7). ENOSPC is injected into the write of the temp file.
import fs, { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { acquireUnderCacheLock } from "../../../src/core/cache/msal-cache-writer.js";
import { AzError } from "../../../src/core/errors.js";

const dirs: string[] = [];
afterEach(() => {
  vi.restoreAllMocks();
  dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true }));
});

/** Writes to temp files fail as on a full disk. */
function failTempWritesWith(code: string): void {
  const open = fs.openSync.bind(fs);
  const write = fs.writeSync.bind(fs) as (...args: unknown[]) => number;
  const tempFds = new Set<number>();
  vi.spyOn(fs, "openSync").mockImplementation((...args: Parameters<typeof fs.openSync>) => {
    const fd = open(...args);
    if (String(args[0]).endsWith(".tmp")) tempFds.add(fd);
    return fd;
  });
  vi.spyOn(fs, "writeSync").mockImplementation(((fd: number, ...rest: unknown[]) => {
    if (tempFds.has(fd)) throw Object.assign(new Error(`${code}: simulated, write`), { code });
    return write(fd, ...rest);
  }) as typeof fs.writeSync);
}

describe("saving a refreshed token on a full disk", () => {
  it("names the file, says the token was not saved, and leaves the cache and no temp file behind", async () => {
    const configDir = mkdtempSync(join(tmpdir(), "aztoken-disk-full-"));
    dirs.push(configDir);
    const cachePath = join(configDir, "msal_token_cache.json");
    writeFileSync(cachePath, '{"AccessToken": {}}', { mode: 0o600 });
    failTempWritesWith("ENOSPC");
    const grant = { clientId: "C", environment: "login.microsoftonline.com", realm: "T", requestedScopes: ["s"], response: { access_token: "at", expires_in: 3599 }, nowSeconds: 1000 };
    const error = await acquireUnderCacheLock(configDir, { findFresh: () => undefined, acquire: async () => ({ grant, result: "token" }) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AzError);
    expect((error as AzError).message).toBe(`Could not write ${cachePath}: no space left on the device (ENOSPC); the new token was not saved.`);
    expect(readFileSync(cachePath, "utf8")).toBe('{"AccessToken": {}}');
    expect(readdirSync(configDir)).toEqual(["msal_token_cache.json"]);
  });
});
