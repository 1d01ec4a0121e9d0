// An in-process token endpoint behind memoryDeps' HttpClient stub: answers refresh-token and client-credentials
// grants the way the fake behind the golden captures did (az-golden/README.md), records every request, and
// can be told to fail. Also runs the CLI in-process against a fixture profile.
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createLogger } from "../../../src/core/logger.js";
import { ProfileSession } from "../../../src/core/profile/session.js";
import { getAccessToken, type GetAccessTokenOptions } from "../../../src/core/use-cases/get-access-token.js";
import type { HttpRequest, HttpResponse } from "../../../src/infra/http-types.js";
import { makeProfile, type TempProfile } from "../../support/profile-fixture.js";
import { memoryDeps, type MemoryDeps } from "../../support/memory-deps.js";
import { GOLDEN_DIR } from "../../support/paths.js";

export const T1 = "72f988bf-0000-4000-8000-000000000001";
export const T2 = "2f4a9838-26b7-47ee-be60-ccc1fdec5953";
export const UID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
export const HOME_ACCOUNT = `${UID}.${T1}`;
export const CLI_CLIENT = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
export const SP_ID = "99999999-8888-7777-6666-555555555555";
export const ARM_SCOPE = "https://management.core.windows.net//.default";
/** Cached tokens in the fixtures expire here (2100-01-01). */
export const FIXTURE_EXPIRY = 4102444800;
/** A clock at which every fixture token has `seconds` left. */
export const secondsBeforeFixtureExpiry = (seconds: number) => (FIXTURE_EXPIRY - seconds) * 1000;

export interface TokenPost {
  url: string;
  headers: Record<string, string>;
  form: Record<string, string>;
  /** Field names in the order sent. */
  fields: string[];
}

export type Answer = { status: number; body: unknown; headers?: Record<string, string> };

export interface StubEntraOptions {
  nowMs?: number;
  env?: Record<string, string>;
  /** Answer to give instead of a token (per request). */
  fail?: (post: TokenPost) => Answer | Error | undefined;
  /** Extra members of every success answer (e.g. refresh_in). */
  extra?: Record<string, unknown>;
  /** Delay before answering, to let concurrent callers pile up. */
  delayMs?: number;
}

export interface StubEntra {
  deps: MemoryDeps;
  posts: TokenPost[];
  /** Success answers given, in order. */
  answers: Record<string, unknown>[];
}

const b64json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
export const fakeJwt = (claims: Record<string, unknown>) => `${b64json({ typ: "JWT", alg: "RS256" })}.${b64json(claims)}.c2ln`;
export const jwtClaims = (token: string) => JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString()) as Record<string, unknown>;

export function stubEntra(options: StubEntraOptions = {}): StubEntra {
  const posts: TokenPost[] = [];
  const answers: Record<string, unknown>[] = [];
  const nowMs = options.nowMs ?? secondsBeforeFixtureExpiry(299);
  let counter = 0;
  const respond = async (request: HttpRequest): Promise<HttpResponse> => {
    const params = new URLSearchParams(request.body ?? "");
    const post: TokenPost = { url: request.url, headers: request.headers ?? {}, form: Object.fromEntries(params), fields: [...params.keys()] };
    posts.push(post);
    if (options.delayMs) await new Promise((resolve) => setTimeout(resolve, options.delayMs));
    const failure = options.fail?.(post);
    if (failure instanceof Error) throw failure;
    const answer = failure ?? { status: 200, body: { ...tokenAnswer(post, ++counter, Math.floor(nowMs / 1000)), ...options.extra } };
    if (!failure) answers.push(answer.body as Record<string, unknown>);
    return { status: answer.status, headers: { "content-type": "application/json", ...answer.headers }, body: typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body) };
  };
  return { deps: memoryDeps({ nowMs, env: options.env ?? {}, respond }), posts, answers };
}

function tokenAnswer(post: TokenPost, n: number, now: number): Record<string, unknown> {
  const tenant = new URL(post.url).pathname.split("/")[1]!;
  const scope = (post.form.scope ?? "").split(" ").filter((s) => s && !["openid", "profile", "offline_access"].includes(s));
  const aud = scope[0]?.replace(/\/\.default$/, "");
  const common = { token_type: "Bearer", scope: scope.join(" "), expires_in: 3599, ext_expires_in: 3599, access_token: fakeJwt({ aud, tid: tenant, n, gt: post.form.grant_type }) };
  if (post.form.grant_type !== "refresh_token") return common;
  return {
    ...common,
    refresh_token: `fake-rt-${n}`,
    id_token: fakeJwt({
      aud: CLI_CLIENT,
      iss: `https://login.microsoftonline.com/${tenant}/v2.0`,
      iat: now,
      exp: now + 3600,
      tid: tenant,
      oid: UID,
      sub: "sub-1",
      preferred_username: "alice@contoso.com",
      ver: "2.0",
    }),
    client_info: b64json({ uid: UID, utid: T1 }),
    foci: "1",
  };
}

/**
 * Fixture profiles for one test file; call `removeAll` in afterEach. mkfixture.py runs once per fixture kind
 * (starting Python costs seconds on a busy machine) and each test gets a copy. Not for the clock-dependent
 * user_exp299.
 */
export function profiles() {
  const made: TempProfile[] = [];
  const templates = new Map<string, TempProfile>();
  process.once("exit", () => templates.forEach((template) => template.remove()));
  return {
    make(fixture: string): TempProfile {
      let template = templates.get(fixture);
      if (!template) templates.set(fixture, (template = makeProfile(fixture)));
      const home = mkdtempSync(join(tmpdir(), "aztoken-cred-"));
      const configDir = join(home, ".azure");
      cpSync(template.configDir, configDir, { recursive: true });
      const profile = { home, configDir, remove: () => rmSync(home, { recursive: true, force: true }) };
      made.push(profile);
      return profile;
    },
    removeAll: () => made.splice(0).forEach((profile) => profile.remove()),
  };
}

/** The get-access-token use case in-process; stderr (warnings, --debug lines) is captured. */
export async function getToken(stub: StubEntra, configDir: string, options: GetAccessTokenOptions = {}, debug = false) {
  const { deps } = stub;
  const session = ProfileSession.open(configDir, deps.env, (text) => deps.io.stderr.write(text));
  const logger = createLogger(deps.io.stderr, { onlyShowErrors: false, verbose: debug, debug });
  return getAccessToken(options, session, deps, logger);
}

export function readCache(configDir: string): Record<string, Record<string, Record<string, unknown>>> {
  return JSON.parse(readFileSync(join(configDir, "msal_token_cache.json"), "utf8"));
}

/** A golden capture's token POST. */
export function goldenTokenPost(caseName: string): TokenPost {
  const lines = readFileSync(join(GOLDEN_DIR, "cases", caseName, "requests.jsonl"), "utf8").trim().split("\n");
  const request = lines.map((line) => JSON.parse(line)).find((r) => r.method === "POST");
  const params = new URLSearchParams(request.body);
  return { url: request.url, headers: request.headers, form: Object.fromEntries(params), fields: [...params.keys()] };
}
