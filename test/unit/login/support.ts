// Running `login` (and friends) in-process against the stub, and comparing with the golden captures.
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runCli } from "../../../src/cli/run.js";
import type { HttpRequest } from "../../../src/infra/http-types.js";
import { memoryDeps, type MemoryDeps } from "../../support/memory-deps.js";
import { GOLDEN_DIR } from "../../support/paths.js";
import { formOf, stubEntra, type StubOptions } from "./stub-entra.js";

export interface LoginRun {
  rc: number;
  stdout: string;
  stderr: string;
  deps: MemoryDeps;
  configDir: string;
}

export async function runInProcess(argv: string[], options: { stub?: StubOptions; configDir?: string; env?: Record<string, string>; tty?: boolean } = {}): Promise<LoginRun> {
  const configDir = options.configDir ?? join(mkdtempSync(join(tmpdir(), "aztoken-login-")), ".azure");
  const deps = memoryDeps({
    env: { AZURE_CONFIG_DIR: configDir, TZ: "UTC", ...options.env },
    nowMs: Date.now(),
    homeDir: join(configDir, ".."),
    respond: stubEntra(options.stub),
  });
  if (options.tty) deps.io.stdinIsTTY = true;
  const rc = await runCli(argv, deps);
  return { rc, stdout: deps.io.stdout.text(), stderr: deps.io.stderr.text(), deps, configDir };
}

export function golden(name: string): { dir: string; stdout: string; stderr: string; rc: number; requests: GoldenRequest[]; after(file: string): string | undefined } {
  const dir = join(GOLDEN_DIR, "cases", name);
  const read = (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), "utf8") : "");
  return {
    dir,
    stdout: read("stdout"),
    stderr: read("stderr"),
    rc: Number.parseInt(read("rc"), 10),
    requests: read("requests.jsonl")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as GoldenRequest),
    after: (file) => (existsSync(join(dir, "after", file)) ? readFileSync(join(dir, "after", file), "utf8") : undefined),
  };
}

export interface GoldenRequest {
  method: string;
  url: string;
  body: string;
}

/** MSAL Python's discovery GETs, which the clone does not need (docs/compatibility.md#no-network-on-a-cache-hit). */
const isDiscovery = (url: string) => /\/\.well-known\/openid-configuration$|\/common\/discovery\/instance/.test(url);
/** Values that differ per run (counters) are compared by presence only. */
const VARYING = new Set(["refresh_token"]);
/** MSAL Python repeats the device code as `code`; MSAL node does not. */
const PYTHON_ONLY = new Set(["code"]);

/** README "normalised" comparison of requests: method, URL and the golden form fields (telemetry ignored). */
export function compareRequests(ours: readonly HttpRequest[], goldenRequests: readonly GoldenRequest[]): string[] {
  const expected = goldenRequests.filter((request) => !isDiscovery(request.url));
  const problems: string[] = [];
  if (ours.length !== expected.length) problems.push(`${ours.length} requests, golden ${expected.length}: ${ours.map((r) => `${r.method} ${r.url}`).join(", ")}`);
  expected.forEach((want, index) => {
    const got = ours[index];
    if (!got) return;
    const gotUrl = new URL(got.url);
    gotUrl.searchParams.delete("client-request-id");
    if (got.method !== want.method || gotUrl.href !== new URL(want.url).href) problems.push(`#${index}: ${got.method} ${gotUrl.href} != ${want.method} ${want.url}`);
    const gotForm = formOf(got);
    const wantForm = formOf(want);
    for (const [name, value] of Object.entries(wantForm)) {
      if (PYTHON_ONLY.has(name)) continue;
      // MSAL Python asks for client_info even in client-credentials grants, where there is no user to describe
      if (name === "client_info" && wantForm.grant_type === "client_credentials") continue;
      if (!(name in gotForm)) problems.push(`#${index}: form field ${name} missing`);
      else if (!VARYING.has(name) && normaliseField(name, gotForm[name]!) !== normaliseField(name, value)) problems.push(`#${index}: ${name}=${gotForm[name]} != ${value}`);
    }
  });
  return problems;
}

/** Python's json.dumps puts spaces after separators in `claims`; the OIDC scopes come in another order. */
function normaliseField(name: string, value: string): string {
  if (name === "claims") return JSON.stringify(JSON.parse(value));
  if (name === "scope") return value.split(" ").sort().join(" ");
  return value;
}

/** An MSAL cache with token values and times replaced (README "normalised"). */
export function normaliseCache(text: string): unknown {
  const document = JSON.parse(text) as Record<string, Record<string, Record<string, unknown>>>;
  for (const section of Object.values(document)) {
    for (const entry of Object.values(section)) {
      for (const field of ["secret", "cached_at", "expires_on", "extended_expires_on", "last_modification_time"]) {
        if (field in entry) entry[field] = `<${field}>`;
      }
    }
  }
  return document;
}

export function readConfigFile(configDir: string, file: string): string | undefined {
  return existsSync(join(configDir, file)) ? readFileSync(join(configDir, file), "utf8") : undefined;
}
