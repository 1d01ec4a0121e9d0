// The token cache under concurrency and crashes: 100 processes with an expiring token make one token
// request between them and all succeed; processes killed with SIGKILL at random moments never leave a cache
// that aztoken or the real az cannot read.
import { spawn } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { useFakeEntra } from "../support/fake-entra-suite.js";
import type { TempProfile } from "../support/profile-fixture.js";
import { CLI_BIN } from "../support/paths.js";
import { runCliProcess } from "../support/run-cli.js";
import { needRealAz, runRealAzOffline } from "./network-support/real-az.js";

const checkWithAz = needRealAz("the real az's reading of the cache the parallel callers left");

const suite = useFakeEntra();
const profile = (fixture: string) => suite.profile(fixture);

function envFor(where: TempProfile): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: where.home, AZURE_CONFIG_DIR: where.configDir, TZ: "UTC", ...suite.fake.env };
}

/** Starts one aztoken process; resolves with its exit code (or the signal that ended it) and stdout. */
function start(where: TempProfile, killAfterMs?: number): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI_BIN, "account", "get-access-token", "--query", "accessToken", "-o", "tsv"], {
      cwd: "/",
      env: envFor(where),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    if (killAfterMs !== undefined) setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function expectValidCache(where: TempProfile): void {
  const text = readFileSync(join(where.configDir, "msal_token_cache.json"), "utf8");
  const cache = JSON.parse(text) as Record<string, Record<string, unknown>>;
  expect(Object.keys(cache.RefreshToken ?? {})).toHaveLength(1);
  // no temp files or lock files left behind
  expect(readdirSync(where.configDir).filter((name) => name.endsWith(".tmp") || name.endsWith(".lockfile"))).toEqual([]);
}

describe("parallel callers with an expiring token", () => {
  it("100 processes: all succeed with the same token, one token request, a valid cache", async () => {
    const where = profile("user_exp299");
    suite.fake.log.clear();
    const runs = await Promise.all(Array.from({ length: 100 }, () => start(where)));
    expect(runs.filter((run) => run.code !== 0).map((run) => run.stderr)).toEqual([]);
    expect(new Set(runs.map((run) => run.stdout)).size).toBe(1);
    expect(suite.fake.log.entries.filter((entry) => entry.route === "token")).toHaveLength(1);
    expectValidCache(where);
    if (checkWithAz) {
      const az = runRealAzOffline(["account", "get-access-token", "--query", "accessToken", "-o", "tsv"], where);
      expect(az.rc).toBe(0);
      expect(az.stdout).toBe(runs[0]!.stdout);
      expect(az.requests).toEqual([]);
    }
  }, 300_000);
});

describe("SIGKILL storm", () => {
  it("processes killed at random moments never leave an unreadable cache", async () => {
    const where = profile("user_exp299");
    for (let round = 0; round < 5; round++) {
      // a fresh expiring token each round so the kills land inside refreshes and writes
      suite.fake.updateSettings({ tokenLifetimeSeconds: 200 });
      await Promise.all(Array.from({ length: 12 }, (_unused, index) => start(where, 60 + index * 25)));
      JSON.parse(readFileSync(join(where.configDir, "msal_token_cache.json"), "utf8"));
    }
    suite.fake.updateSettings({ tokenLifetimeSeconds: 3599 });
    // whatever happened, the next caller gets a token (breaking any lock a killed process left)
    const after = await runCliProcess(["account", "get-access-token", "--query", "tokenType", "-o", "tsv"], {
      home: where.home,
      configDir: where.configDir,
      env: suite.fake.env,
      timeoutMs: 60_000,
    });
    expect(after).toMatchObject({ rc: 0, stdout: "Bearer\n", stderr: "" });
    expect(JSON.parse(readFileSync(join(where.configDir, "msal_token_cache.json"), "utf8")).AccessToken).toBeTypeOf("object");
  }, 300_000);
});
