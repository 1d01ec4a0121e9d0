// @azure/identity's AzureCliCredential in a child Node process: it runs `az account get-access-token --output
// json --resource R [--tenant T] [--subscription "S"]` through /bin/sh from /bin, finding the shim on PATH.
// Needs `npm run build` first.
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import type { TempProfile } from "../../support/profile-fixture.js";
import {
  AKS_RESOURCE,
  ARM_RESOURCE,
  CLIENT_TIMEOUT_MS,
  expectExpiry,
  FIXTURE_EXPIRES_ON,
  SUBSCRIPTION_NAME,
  T2,
  execProgram,
  tokenNow,
  tokenRequests,
  useClientWorld,
} from "./support.js";

const world = useClientWorld();
/** The scope an SDK passes; the credential strips "/.default", leaving the resource with its trailing slash. */
const ARM_SCOPE = `${ARM_RESOURCE}/.default`;
const SCRIPT = fileURLToPath(new URL("./fixtures/js-azure-identity.mjs", import.meta.url));

interface JsResult {
  token?: string;
  expiresOnTimestamp?: number;
  error?: string;
  message?: string;
}

async function getToken(where: TempProfile, request: { scope: string; tenantId?: string; subscription?: string }): Promise<JsResult> {
  const run = await execProgram(process.execPath, [SCRIPT, JSON.stringify(request)], { env: world.env(where) });
  expect(run, run.stderr).toMatchObject({ rc: 0, stderr: "" });
  return JSON.parse(run.stdout) as JsResult;
}

beforeEach(() => world.fake?.log.clear());

describe("@azure/identity AzureCliCredential through the az shim", () => {
  it("cache hit: the cached token and its expiry (expires_on * 1000), no network", async () => {
    const where = world.profile("user");
    const result = await getToken(where, { scope: ARM_SCOPE });
    expect(result.error).toBeUndefined();
    expectExpiry(result.expiresOnTimestamp, FIXTURE_EXPIRES_ON);
    expect(result.token).toBe((await tokenNow(world, where, ARM_RESOURCE)).accessToken);
    expect(world.fake.log.entries).toEqual([]);
  }, CLIENT_TIMEOUT_MS);

  it("refresh: a token with 299 s left is refreshed through the fake Entra ID", async () => {
    const where = world.profile("user_exp299");
    const result = await getToken(where, { scope: ARM_SCOPE });
    expect(result.error).toBeUndefined();
    expect(world.fake.verifyAccessToken(result.token!)).toBeDefined();
    expect(tokenRequests(world.fake)).toHaveLength(1);
    const stored = await tokenNow(world, where, ARM_RESOURCE);
    expect(result.token).toBe(stored.accessToken);
    expectExpiry(result.expiresOnTimestamp, stored.expires_on);
  }, CLIENT_TIMEOUT_MS);

  it("tenantId option: --tenant selects the second tenant's token", async () => {
    const where = world.profile("user");
    const result = await getToken(where, { scope: ARM_SCOPE, tenantId: T2 });
    const stored = await tokenNow(world, where, ARM_RESOURCE, T2);
    expect(stored.tenant).toBe(T2);
    expect(result.token).toBe(stored.accessToken);
    expectExpiry(result.expiresOnTimestamp, stored.expires_on);
  }, CLIENT_TIMEOUT_MS);

  it('subscription option: --subscription "Contoso Dev" (quoted, with a space)', async () => {
    const where = world.profile("user");
    const result = await getToken(where, { scope: ARM_SCOPE, subscription: SUBSCRIPTION_NAME });
    expect(result.error).toBeUndefined();
    expectExpiry(result.expiresOnTimestamp, FIXTURE_EXPIRES_ON);
    expect(world.fake.log.entries).toEqual([]);
  }, CLIENT_TIMEOUT_MS);

  it("a GUID resource (AKS) is refreshed through the fake", async () => {
    const where = world.profile("user");
    const result = await getToken(where, { scope: `${AKS_RESOURCE}/.default` });
    const stored = await tokenNow(world, where, AKS_RESOURCE);
    expect(result.token).toBe(stored.accessToken);
    expectExpiry(result.expiresOnTimestamp, stored.expires_on);
  }, CLIENT_TIMEOUT_MS);

  it("not logged in: CredentialUnavailableError, so a credential chain moves on", async () => {
    const result = await getToken(world.emptyProfile(), { scope: ARM_SCOPE });
    expect(result).toEqual({
      error: "CredentialUnavailableError",
      message: "Please run 'az login' from a command prompt to authenticate before using this credential.",
    });
  }, CLIENT_TIMEOUT_MS);
});
