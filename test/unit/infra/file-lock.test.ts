import { execFile, spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { acquireFileLock, LockTimeoutError, lockFileFor, withFileLock } from "../../../src/infra/fs/file-lock.js";
import { acquireUnderCacheLock } from "../../../src/core/cache/msal-cache-writer.js";
import { findPython, needOracle } from "../../support/oracles.js";
import { bundleForChild, tempDir } from "./support.js";

const run = (args: string[], env: NodeJS.ProcessEnv = process.env) =>
  new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    execFile(args[0]!, args.slice(1), { env }, (error, stdout, stderr) => resolve({ code: error ? (error.code as number) ?? 1 : 0, stdout, stderr }));
  });

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "console.log(process.pid)"], { encoding: "utf8" });
  return Number(child.stdout.trim());
}

describe("withFileLock", () => {
  it("uses az's lock file name, <file>.lockfile, and removes it afterwards", async () => {
    const file = join(tempDir(), "msal_token_cache.json");
    const seen = await withFileLock(file, () => readFileSync(`${file}.lockfile`, "utf8"));
    expect(lockFileFor(file)).toBe(`${file}.lockfile`);
    expect(seen).toMatch(new RegExp(`^${process.pid} `)); // az's "<pid> <argv0>"
    expect(existsSync(`${file}.lockfile`)).toBe(false);
  });

  it("releases when fn throws", async () => {
    const file = join(tempDir(), "f");
    await expect(withFileLock(file, () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(existsSync(`${file}.lockfile`)).toBe(false);
  });

  it("excludes 20 real processes incrementing one counter", async () => {
    const dir = tempDir();
    const counter = join(dir, "counter");
    writeFileSync(counter, "0");
    const bundle = await bundleForChild("src/infra/fs/file-lock.ts");
    const script = `const { withFileLock } = await import(${JSON.stringify(bundle)});
      const fs = await import("node:fs");
      for (let i = 0; i < 10; i++) {
        await withFileLock(${JSON.stringify(counter)}, async () => {
          const n = Number(fs.readFileSync(${JSON.stringify(counter)}, "utf8"));
          await new Promise((r) => setTimeout(r, 1));
          fs.writeFileSync(${JSON.stringify(counter)}, String(n + 1));
        }, { timeoutMs: 60000 });
      }`;
    const results = await Promise.all(Array.from({ length: 20 }, () => run([process.execPath, "--input-type=module", "-e", script])));
    expect(results.map((r) => r.stderr).filter(Boolean)).toEqual([]);
    expect(readFileSync(counter, "utf8")).toBe("200");
    expect(existsSync(`${counter}.lockfile`)).toBe(false);
  }, 60_000);

  it("recovers a lock left by a dead process at once", async () => {
    const file = join(tempDir(), "f");
    writeFileSync(`${file}.lockfile`, `${deadPid()} /usr/bin/az`);
    const started = Date.now();
    const owner = await withFileLock(file, () => readFileSync(`${file}.lockfile`, "utf8"), { timeoutMs: 2_000 });
    expect(owner).toMatch(new RegExp(`^${process.pid} `));
    expect(Date.now() - started).toBeLessThan(500);
  });

  it("recovers a lock older than staleMs even if its pid is alive (pid reuse)", async () => {
    const file = join(tempDir(), "f");
    writeFileSync(`${file}.lockfile`, `${process.ppid} az`);
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lockfile`, old, old);
    await expect(withFileLock(file, () => "got it", { timeoutMs: 1_000, staleMs: 10_000 })).resolves.toBe("got it");
  });

  it("recovers a lock stamped in the future (a skewed clock, a hostile file): staleness is the distance from now", async () => {
    const file = join(tempDir(), "f");
    writeFileSync(`${file}.lockfile`, `${process.ppid} az`);
    const future = new Date(Date.now() + 365 * 24 * 3600_000);
    utimesSync(`${file}.lockfile`, future, future);
    await expect(withFileLock(file, () => "got it", { timeoutMs: 1_000, staleMs: 10_000 })).resolves.toBe("got it");
  });

  it("keeps a held lock fresh, so a holder slower than staleMs is never broken by a waiter", async () => {
    const file = join(tempDir(), "f");
    const staleMs = 400;
    const holder = withFileLock(file, () => new Promise((resolve) => setTimeout(resolve, 3 * staleMs)), { staleMs });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const waiter = await withFileLock(file, () => "broke in", { staleMs, timeoutMs: 2 * staleMs }).catch((e: unknown) => e);
    expect(waiter).toBeInstanceOf(LockTimeoutError);
    await holder;
  });

  it(
    "a refresh stalls on a fresh-looking lock naming a live, unrelated process no longer than file-lock's staleMs",
    async () => {
      const dir = tempDir();
      const lockPath = `${join(dir, "msal_token_cache.json")}.lockfile`;
      writeFileSync(lockPath, `${process.ppid} /usr/bin/sleep`);
      const aged = new Date(Date.now() - 10_500);
      utimesSync(lockPath, aged, aged);
      const result = await acquireUnderCacheLock(dir, { findFresh: () => "cached", acquire: () => Promise.reject(new Error("not needed")) });
      expect(result).toBe("cached");
    },
    5_000,
  );

  it.each([
    ["a live owner", () => `${process.ppid} az`],
    ["an owner that has not written its pid yet", () => ""],
  ])("waits for %s and times out with a clear error", async (_label, content) => {
    const file = join(tempDir(), "service_principal_entries.json");
    writeFileSync(`${file}.lockfile`, content());
    const started = Date.now();
    const error = await withFileLock(file, () => "never", { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LockTimeoutError);
    expect((error as Error).message).toBe(
      `Could not lock ${file}.lockfile within 0.3 s: another az or aztoken process is using it. If none is running, delete ${file}.lockfile and try again.`,
    );
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    expect(readFileSync(`${file}.lockfile`, "utf8")).toBe(content()); // left alone
  });

  it("release does not delete a lock file that is no longer ours", async () => {
    const lockPath = join(tempDir(), "x.lockfile");
    const lock = await acquireFileLock(lockPath);
    rmSync(lockPath);
    writeFileSync(lockPath, "12345 someone-else");
    await lock.release();
    expect(readFileSync(lockPath, "utf8")).toBe("12345 someone-else");
  });

  it("hands over quickly between waiters in one process", async () => {
    const file = join(tempDir(), "f");
    const order: number[] = [];
    await Promise.all(
      [1, 2, 3].map((n) =>
        withFileLock(file, async () => {
          order.push(n);
          await new Promise((r) => setTimeout(r, 20));
          order.push(-n);
        }),
      ),
    );
    // Never interleaved: every enter is followed by its own exit.
    for (let i = 0; i < order.length; i += 2) expect(order[i + 1]).toBe(-order[i]!);
  });

  it("a waiter watching the folder looks when something changes there, not every few ms", async () => {
    const file = join(tempDir(), "msal_token_cache.json");
    const holder = await acquireFileLock(lockFileFor(file));
    let looks = 0;
    const stopWaiting = () => {
      looks++;
      return false;
    };
    const waiting = acquireFileLock(lockFileFor(file), { watchFolder: true, stopWaiting });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const looksWhileHeld = looks;
    await holder.release(); // a change in the folder: the waiter takes the lock now, not at its next poll
    const lock = await waiting;
    await lock.release();
    // Polling with the default 50 ms ceiling looks 20 or more times a second; watching, about every 250 ms
    // plus once per change (the holder's heartbeat touches the lock file every second).
    expect(looksWhileHeld).toBeGreaterThan(0);
    expect(looksWhileHeld).toBeLessThanOrEqual(8);
  });
});

// az's own lock (msal_extensions CrossPlatLock, from the Debian azure-cli package), when a Python on PATH has it.
const AZ_PYTHON = needOracle(findPython("msal_extensions.cache_lock"), "the interplay with az's CrossPlatLock", "no python3 on PATH imports msal_extensions (apt: azure-cli)");

describe.runIf(AZ_PYTHON)("interplay with az's CrossPlatLock", () => {
  const azHolds = (lockPath: string, seconds: number) =>
    spawn(AZ_PYTHON!, [
      "-W",
      "ignore",
      "-c",
      `import sys, time
from msal_extensions.cache_lock import CrossPlatLock
print("trying", flush=True)
with CrossPlatLock(sys.argv[1]):
    print("locked", flush=True)
    time.sleep(float(sys.argv[2]))`,
      lockPath,
      String(seconds),
    ]);

  it("we wait while az holds the lock", async () => {
    const file = join(tempDir(), "msal_token_cache.json");
    const az = azHolds(lockFileFor(file), 0.8);
    await new Promise<void>((resolve) => az.stdout.on("data", (d: Buffer) => d.toString().includes("locked") && resolve()));
    const started = Date.now();
    await withFileLock(file, () => undefined, { timeoutMs: 5_000 });
    expect(Date.now() - started).toBeGreaterThan(500);
    await new Promise((resolve) => az.on("exit", resolve));
  });

  it("az waits while we hold the lock", async () => {
    const file = join(tempDir(), "msal_token_cache.json");
    let azGotItAt = 0;
    let releasedAt = 0;
    const { exited } = await withFileLock(file, async () => {
      const az = azHolds(lockFileFor(file), 0);
      // Start holding only once az (slow to start under load) is actually trying.
      await new Promise<void>((resolve) =>
        az.stdout.on("data", (d: Buffer) => {
          if (d.toString().includes("trying")) resolve();
          if (d.toString().includes("locked")) azGotItAt = Date.now();
        }),
      );
      await new Promise((r) => setTimeout(r, 1_000));
      releasedAt = Date.now();
      return { exited: new Promise((resolve) => az.on("exit", resolve)) }; // wrapped: withFileLock must not await it
    });
    await exited;
    expect(azGotItAt).toBeGreaterThanOrEqual(releasedAt);
    // It waited for our release (az polls every 0.25 s), not for its own 5 s give-up.
    expect(azGotItAt - releasedAt).toBeLessThan(3_000);
  });
});
