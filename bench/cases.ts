// The timed commands. Every one runs as callers run az: working directory `/`, stdin closed, stdout a pipe, a
// minimal environment with TZ=UTC and a temporary HOME and AZURE_CONFIG_DIR (never the real ~/.azure).
import type { Command } from "./process.js";
import type { ExpiredProfile, Profile } from "./profiles.js";
import type { BenchCase } from "./runner/index.js";
import { isExecCredential } from "./exec-credential.js";
import { CACHE_HIT_MAX_RATIO, REFRESH_MAX_EXTRA_MS, type Target } from "./targets.js";

/** What a correct run prints; checked once per case before it is timed. */
export type Expectation = "nothing" | "token" | "token-json" | "exec-credential";

export interface CheckedCase extends BenchCase {
  /** The command as the results table shows it (no temporary paths). */
  display: string;
  /** How the run differs from a plain cache hit, for the report. */
  note?: string;
  expect: Expectation;
  /** az may warn on stderr; aztoken must not (docs/compatibility.md#what-callers-rely-on). */
  quietStderr: boolean;
  /** What the issue asks of this row, relative to another row of the same Node. */
  target?: Target;
}

/** A closed port: if a cache hit tried the network it would fail at once instead of leaving the machine. */
export const NO_NETWORK = { HTTPS_PROXY: "http://127.0.0.1:9", HTTP_PROXY: "http://127.0.0.1:9" };

export function profileEnv(profile: Profile, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: profile.home, AZURE_CONFIG_DIR: profile.configDir, TZ: "UTC", ...extra };
}

export const TOKEN_TSV_ARGS = ["get-token", "--query", "accessToken", "-o", "tsv"] as const;
const TOKEN_JSON_ARGS = ["get-token", "-o", "json"] as const;

export interface CliCaseContext {
  node: string;
  /** bin/aztoken.js of the snapshot being measured. */
  bin: string;
  hit: Profile;
  refresh: ExpiredProfile;
  /** Proxy and CA variables that send a child process to the fake Entra ID. */
  fakeEnv: Record<string, string>;
}

export function aztokenCommand(context: CliCaseContext, args: readonly string[], env: Record<string, string>): Command {
  return { file: context.node, args: [context.bin, ...args], env, cwd: "/" };
}

/** The floor and the get-token cache hits. */
export function hitCases(context: CliCaseContext): CheckedCase[] {
  const hitEnv = profileEnv(context.hit, NO_NETWORK);
  return [
    {
      id: "node",
      label: "node -e 0 (floor)",
      display: "node -e 0",
      command: { file: context.node, args: ["-e", "0"], env: hitEnv, cwd: "/" },
      expect: "nothing",
      quietStderr: true,
    },
    {
      id: "hit-tsv",
      label: "aztoken cache hit, tsv",
      display: `node bin/aztoken.js ${TOKEN_TSV_ARGS.join(" ")}`,
      command: aztokenCommand(context, TOKEN_TSV_ARGS, hitEnv),
      expect: "token",
      quietStderr: true,
      target: HIT_TARGET,
    },
    {
      id: "hit-json",
      label: "aztoken cache hit, json",
      display: `node bin/aztoken.js ${TOKEN_JSON_ARGS.join(" ")}`,
      command: aztokenCommand(context, TOKEN_JSON_ARGS, hitEnv),
      expect: "token-json",
      quietStderr: true,
      target: HIT_TARGET,
    },
  ];
}

/**
 * The refresh and its floor. Timed after every cache hit of a round: the refresh's cache write (fsync) leaves
 * disk work behind that slowed whichever row came next by 2-3 ms.
 */
export function refreshCases(context: CliCaseContext): CheckedCase[] {
  const refreshEnv = profileEnv(context.refresh, context.fakeEnv);
  return [
    {
      // The refresh row's floor: its environment trusts the fake Entra ID's CA through NODE_EXTRA_CA_CERTS,
      // which Node 20 loads (with its whole root store) before running any JavaScript, ~20 ms that a caller
      // with that variable pays for `node -e 0` too. Node 22 and later load it at the first TLS connection.
      id: "node-fake-ca",
      label: "node -e 0, refresh's environment (floor)",
      display: "node -e 0",
      note: "with the refresh row's environment: NODE_EXTRA_CA_CERTS naming the fake Entra ID's CA, and its proxy",
      command: { file: context.node, args: ["-e", "0"], env: refreshEnv, cwd: "/" },
      expect: "nothing",
      quietStderr: true,
    },
    {
      id: "refresh",
      label: "aztoken refresh (expired access token)",
      display: `node bin/aztoken.js ${TOKEN_TSV_ARGS.join(" ")}`,
      note: "access tokens expired, refresh token valid; through the fake Entra ID; cache reset before every run",
      command: aztokenCommand(context, TOKEN_TSV_ARGS, refreshEnv),
      reset: { from: context.refresh.expiredCacheCopy, to: context.refresh.cacheFile },
      expect: "token",
      quietStderr: true,
      target: { kind: "extra", of: "node-fake-ca", maxMs: REFRESH_MAX_EXTRA_MS },
    },
  ];
}

/** What every cache-hit row is judged by. */
export const HIT_TARGET: Target = { kind: "ratio", of: "node", max: CACHE_HIT_MAX_RATIO };

/** Returns a reason when a check run's output is wrong, else undefined. */
export function outputProblem(bench: CheckedCase, stdout: string, stderr: string): string | undefined {
  if (bench.quietStderr && stderr !== "") return `unexpected stderr: ${stderr.trim()}`;
  switch (bench.expect) {
    case "nothing":
      return stdout === "" ? undefined : `unexpected stdout: ${stdout.trim()}`;
    case "token":
      return /^[\w-]+\.[\w-]+\.[\w-]*\n$/.test(stdout) ? undefined : `expected one JWT line, got: ${stdout.slice(0, 200)}`;
    case "token-json":
      return isTokenJson(stdout) ? undefined : `expected a JSON object with accessToken, got: ${stdout.slice(0, 200)}`;
    case "exec-credential":
      return isExecCredential(stdout) ? undefined : `expected an ExecCredential, got: ${stdout.slice(0, 200)}`;
  }
}

function isTokenJson(stdout: string): boolean {
  try {
    const value = JSON.parse(stdout) as { accessToken?: unknown };
    return typeof value.accessToken === "string" && value.accessToken !== "";
  } catch {
    return false;
  }
}
