import { spawn } from "node:child_process";
import { chmodSync, chownSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../../src/infra/fs/atomic-write.js";
import { makeDirectoryKeepingOwner } from "../../../src/infra/fs/ownership.js";
import { bundleForChild, tempDir } from "./support.js";

const mode = (path: string) => statSync(path).mode & 0o777;
const posix = process.platform !== "win32";

describe("writeFileAtomic", () => {
  it.runIf(posix)("creates new files 0600", async () => {
    const path = join(tempDir(), "msal_token_cache.json");
    await writeFileAtomic(path, "{}");
    expect(readFileSync(path, "utf8")).toBe("{}");
    expect(mode(path)).toBe(0o600);
  });

  it.runIf(posix)("writes 0600 whatever the mode of the file it replaces (a 0644 cache of refresh tokens is tightened)", async () => {
    const path = join(tempDir(), "azureProfile.json");
    writeFileSync(path, "old");
    for (const existing of [0o644, 0o640, 0o604, 0o666, 0o400]) {
      chmodSync(path, existing);
      await writeFileAtomic(path, "new");
      expect(mode(path)).toBe(0o600);
    }
  });

  it.runIf(posix)("gives the file exactly the mode asked for, whatever the umask", async () => {
    const path = join(tempDir(), "az");
    const umask = process.umask(0o077);
    try {
      await writeFileAtomic(path, "#!/bin/sh\n", { mode: 0o755 });
    } finally {
      process.umask(umask);
    }
    expect(mode(path)).toBe(0o755);
  });

  // A user's `sudo aztoken ...` must not leave root-owned files in their profile that they then cannot read.
  const asRoot = posix && process.getuid?.() === 0;
  it.runIf(asRoot)("as root, keeps the owner of the file it replaces, and gives a new file its directory's owner", async () => {
    const dir = tempDir();
    const [uid, gid] = [4242, 4343];
    chownSync(dir, uid, gid);
    const existing = join(dir, "msal_token_cache.json");
    writeFileSync(existing, "old");
    chownSync(existing, uid + 1, gid + 1);
    await writeFileAtomic(existing, "new");
    expect(statSync(existing)).toMatchObject({ uid: uid + 1, gid: gid + 1 });
    const created = join(dir, "service_principal_entries.json");
    await writeFileAtomic(created, "[]");
    expect(statSync(created)).toMatchObject({ uid, gid });
    // login creates the configuration directory: it goes to the owner of the home it is created in
    makeDirectoryKeepingOwner(join(dir, "home", ".azure"), 0o700);
    expect(statSync(join(dir, "home"))).toMatchObject({ uid, gid });
    expect(statSync(join(dir, "home", ".azure"))).toMatchObject({ uid, gid, mode: expect.any(Number) });
    expect(statSync(join(dir, "home", ".azure")).mode & 0o777).toBe(0o700);
  });
  it.skipIf(asRoot || !posix)("(ownership as root: skipped, not running as root)", () => {});

  it("prefixes a UTF-8 BOM when asked, and only then", async () => {
    const dir = tempDir();
    await writeFileAtomic(join(dir, "a"), '{"x": "é"}', { bom: true });
    await writeFileAtomic(join(dir, "b"), '{"x": "é"}');
    expect([...readFileSync(join(dir, "a")).subarray(0, 4)]).toEqual([0xef, 0xbb, 0xbf, 0x7b]);
    expect(readFileSync(join(dir, "b"))[0]).toBe(0x7b);
    expect(readFileSync(join(dir, "a"), "utf8")).toBe('\uFEFF{"x": "é"}');
  });

  it("leaves no temp files, after success or failure", async () => {
    const dir = tempDir();
    for (let i = 0; i < 5; i++) await writeFileAtomic(join(dir, "f.json"), String(i));
    mkdirSync(join(dir, "a-directory"));
    await expect(writeFileAtomic(join(dir, "a-directory"), "x")).rejects.toThrow();
    expect(readdirSync(dir).sort()).toEqual(["a-directory", "f.json"]);
    expect(readFileSync(join(dir, "f.json"), "utf8")).toBe("4");
  });

  it.runIf(posix)("writes through a symlink to the file it points at", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "real.json"), "old");
    symlinkSync(join(dir, "real.json"), join(dir, "link.json"));
    await writeFileAtomic(join(dir, "link.json"), "new");
    expect(readFileSync(join(dir, "real.json"), "utf8")).toBe("new");
    expect(statSync(join(dir, "link.json")).isFile()).toBe(true);
    expect(readdirSync(dir).sort()).toEqual(["link.json", "real.json"]);
  });

  it("on Windows retries a rename refused with EBUSY/EPERM, elsewhere fails at once", async () => {
    const dir = tempDir();
    const flaky = (failures: number) => {
      let calls = 0;
      return {
        calls: () => calls,
        rename: async (from: string, to: string) => {
          if (calls++ < failures) throw Object.assign(new Error("busy"), { code: calls % 2 ? "EBUSY" : "EPERM" });
          const { rename } = await import("node:fs/promises");
          await rename(from, to);
        },
      };
    };
    const win = flaky(3);
    await writeFileAtomic(join(dir, "w"), "ok", { platform: "win32", rename: win.rename });
    expect(win.calls()).toBe(4);
    expect(readFileSync(join(dir, "w"), "utf8")).toBe("ok");
    const linux = flaky(1);
    await expect(writeFileAtomic(join(dir, "l"), "x", { platform: "linux", rename: linux.rename })).rejects.toThrow("busy");
    expect(readdirSync(dir)).toEqual(["w"]);
  });

  it("a concurrent reader never sees a partial file", async () => {
    const dir = tempDir();
    const path = join(dir, "cache.json");
    const big = (tag: string) => JSON.stringify({ tag, pad: tag.repeat(400_000) });
    writeFileSync(path, big("a"));
    const bundle = await bundleForChild("src/infra/fs/atomic-write.ts");
    const writer = spawn(process.execPath, [
      "--input-type=module",
      "-e",
      `const { writeFileAtomic } = await import(${JSON.stringify(bundle)});
       const big = ${big.toString()};
       for (let i = 0; i < 60; i++) await writeFileAtomic(${JSON.stringify(path)}, big(i % 2 ? "a" : "b"));`,
    ]);
    const exited = new Promise<number | null>((resolve) => writer.on("exit", resolve));
    let reads = 0;
    let done = false;
    void exited.then(() => (done = true));
    while (!done) {
      const parsed = JSON.parse(readFileSync(path, "utf8")) as { tag: string; pad: string };
      expect(parsed.pad).toBe(parsed.tag.repeat(400_000));
      reads++;
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await exited).toBe(0);
    expect(reads).toBeGreaterThan(10);
    expect(readdirSync(dir)).toEqual(["cache.json"]);
  });
});
