// The credential tests' harness: the fake Entra ID's in-process twin (test/support/fake-entra/in-process.ts)
// behind memoryDeps' HTTP stub, fixture profiles, and the get-access-token use case run in-process.
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jwtClaims as decodeClaims } from "../../../src/core/jwt.js";
import { createLogger } from "../../../src/core/logger.js";
import { ProfileSession } from "../../../src/core/profile/session.js";
import { getAccessToken, type GetAccessTokenOptions } from "../../../src/core/use-cases/get-access-token.js";
import { ALICE_OID, AZ_CLI_CLIENT_ID, SP_CLIENT_ID, T1, T2 } from "../../support/fake-entra/directory.js";
import { inProcessEntra, type InProcessEntraOptions, type TokenPost } from "../../support/fake-entra/in-process.js";
import { makeProfile, type TempProfile } from "../../support/profile-fixture.js";
import { memoryDeps, type MemoryDeps } from "../../support/memory-deps.js";
import { GOLDEN_DIR } from "../../support/paths.js";

export { fakeJwt, type Answer, type TokenPost } from "../../support/fake-entra/in-process.js";
export { T1, T2 };
export const UID = ALICE_OID;
export const HOME_ACCOUNT = `${UID}.${T1}`;
export const CLI_CLIENT = AZ_CLI_CLIENT_ID;
export const SP_ID = SP_CLIENT_ID;
export const ARM_SCOPE = "https://management.core.windows.net//.default";
/** Cached tokens in the fixtures expire here (2100-01-01). */
export const FIXTURE_EXPIRY = 4102444800;
/** A clock at which every fixture token has `seconds` left. */
export const secondsBeforeFixtureExpiry = (seconds: number) => (FIXTURE_EXPIRY - seconds) * 1000;

export interface StubEntraOptions extends Pick<InProcessEntraOptions, "nowMs" | "fail" | "extra" | "delayMs"> {
  env?: Record<string, string>;
}

export interface StubEntra {
  deps: MemoryDeps;
  posts: TokenPost[];
  /** Success answers given, in order. */
  answers: Record<string, unknown>[];
}

/** Deps whose HTTP goes to a fresh in-process fake Entra ID, at a clock 299 s before the fixtures' tokens expire. */
export function stubEntra(options: StubEntraOptions = {}): StubEntra {
  const nowMs = options.nowMs ?? secondsBeforeFixtureExpiry(299);
  const { env, ...entraOptions } = options;
  const entra = inProcessEntra({ ...entraOptions, nowMs });
  return { deps: memoryDeps({ nowMs, env: env ?? {}, respond: entra.respond }), posts: entra.posts, answers: entra.answers };
}

/** The claims of one of the fake's tokens. */
export const jwtClaims = (token: string): Record<string, unknown> => decodeClaims(token) ?? {};

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
