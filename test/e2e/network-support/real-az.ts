// Runs the installed az (the oracle) against a temporary profile, never ~/.azure: HOME and AZURE_CONFIG_DIR are
// the test's, telemetry is off, and az-offline.py stands in for the network (canned discovery answers, every
// other request logged and refused), so a test can tell a cache hit from a token request.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findRealAzPython, needOracle } from "../../support/oracles.js";

const AZ_OFFLINE = join(dirname(fileURLToPath(import.meta.url)), "az-offline.py");

/** The Python interpreter of the installed az script, or undefined when az is not installed. */
export const REAL_AZ_PYTHON = findRealAzPython();

/** For `describe.runIf`: whether the real az is here, after printing the skip line for `suite` when it is not. */
export function needRealAz(suite: string): boolean {
  return needOracle(REAL_AZ_PYTHON, suite, "no az on PATH (apt: azure-cli)") !== undefined;
}

export interface AzRun {
  rc: number;
  stdout: string;
  stderr: string;
  /** Requests az tried to make besides discovery (method, url, form body). */
  requests: { method: string; url: string; body: string }[];
}

/** The environment every real-az run gets: the test's profile, no telemetry or survey prompts, UTC. */
function azEnvironment(profile: { home: string; configDir: string }, extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH ?? "/usr/bin:/bin",
    HOME: profile.home,
    AZURE_CONFIG_DIR: profile.configDir,
    AZURE_CORE_COLLECT_TELEMETRY: "false",
    AZURE_CORE_SURVEY_MESSAGE: "false",
    TZ: "UTC",
    ...extra,
  };
}

export function runRealAzOffline(args: readonly string[], profile: { home: string; configDir: string }, env: Record<string, string> = {}): AzRun {
  if (!REAL_AZ_PYTHON) throw new Error("az is not installed");
  const log = join(profile.home, `az-offline-${process.hrtime.bigint()}.jsonl`);
  const result = spawnSync(REAL_AZ_PYTHON, [AZ_OFFLINE, ...args], {
    cwd: "/",
    encoding: "utf8",
    timeout: 120_000,
    stdio: ["ignore", "pipe", "pipe"],
    env: azEnvironment(profile, { AZ_OFFLINE_LOG: log, ...env }),
  });
  const requests = existsSync(log)
    ? readFileSync(log, "utf8").trim().split("\n").map((line) => JSON.parse(line) as AzRun["requests"][number])
    : [];
  // az checks connectivity with a HEAD to azure.microsoft.com on some paths; that is not a token request.
  return { rc: result.status ?? 1, stdout: result.stdout, stderr: result.stderr, requests: requests.filter((r) => r.method !== "HEAD") };
}

/**
 * The installed az with real networking limited to `env` (point its proxy at a fake; never the internet).
 * Asynchronous, so that a fake running in the test's own process can answer.
 */
export function runRealAz(args: readonly string[], profile: { home: string; configDir: string }, env: Record<string, string>): Promise<Omit<AzRun, "requests">> {
  if (!REAL_AZ_PYTHON) throw new Error("az is not installed");
  const child = spawn("az", args, {
    cwd: "/",
    stdio: ["ignore", "pipe", "pipe"],
    env: azEnvironment(profile, env),
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const timer = setTimeout(() => child.kill("SIGKILL"), 120_000);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ rc: code ?? 1, stdout, stderr });
    });
  });
}
