// Python's azure.identity.AzureCliCredential (the first Python on PATH that has it; skipped when none does):
// it runs `az account get-access-token --output json --resource R [--tenant T]` through /bin/sh from /bin and,
// in the versions Debian ships, reads only `expiresOn` as local time. TZ is set away from UTC to prove that.
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { beforeEach, describe, expect, it } from "vitest";
import { findPython, reportSkip } from "../../support/oracles.js";
import type { TempProfile } from "../../support/profile-fixture.js";
import { AKS_RESOURCE, ARM_RESOURCE, CLIENT_TIMEOUT_MS, FIXTURE_EXPIRES_ON, T2, execProgram, tokenNow, tokenRequests, useClientWorld } from "./support.js";

const SCRIPT = fileURLToPath(new URL("./fixtures/python_azure_identity.py", import.meta.url));
/** A zone with a non-whole-hour offset, so a UTC/local mix-up cannot go unnoticed. */
const LOCAL_TZ = "Asia/Kolkata";

const PYTHON = findPython("azure.identity");

function azureIdentityVersion(): string | undefined {
  if (!PYTHON) return undefined;
  try {
    return execFileSync(PYTHON, ["-c", "import azure.identity; print(azure.identity.__version__)"], { encoding: "utf8", stdio: "pipe" }).trim();
  } catch {
    return undefined;
  }
}
const version = azureIdentityVersion();
if (!version) reportSkip("the Python azure-identity tests", "no python3 on PATH imports azure.identity (apt: python3-azure)");

interface PyResult {
  token?: string;
  expires_on?: number;
  error?: string;
  message?: string;
}

describe.skipIf(!version)(`Python azure-identity ${version ?? "(not installed)"} AzureCliCredential through the az shim`, () => {
  const world = useClientWorld();
  beforeEach(() => world.fake?.log.clear());

  /** azure-identity logs a failed get_token to stderr through Python's logging, so only success checks stderr. */
  async function getToken(where: TempProfile, request: { scope: string; tenant_id?: string }): Promise<PyResult> {
    const run = await execProgram(PYTHON!, [SCRIPT, JSON.stringify(request)], { env: world.env(where, { TZ: LOCAL_TZ }) });
    expect(run.rc, run.stderr).toBe(0);
    const result = JSON.parse(run.stdout) as PyResult;
    if (!result.error) expect(run.stderr).toBe("");
    return result;
  }

  /** expiresOn is printed in local time to the second's fraction; Python truncates it back to epoch seconds. */
  async function expectTokenLikeAz(result: PyResult, where: TempProfile, resource: string, tenant?: string) {
    const stored = await tokenNow(world, where, resource, tenant);
    expect(result.token).toBe(stored.accessToken);
    expect(Math.abs(result.expires_on! - stored.expires_on)).toBeLessThanOrEqual(1);
  }

  it("cache hit: the cached token, expiresOn read back as local time, no network", async () => {
    const where = world.profile("user");
    const result = await getToken(where, { scope: `${ARM_RESOURCE}/.default` });
    expect(result.error).toBeUndefined();
    expect(Math.abs(result.expires_on! - FIXTURE_EXPIRES_ON)).toBeLessThanOrEqual(1);
    await expectTokenLikeAz(result, where, ARM_RESOURCE);
    expect(world.fake.log.entries).toEqual([]);
  }, CLIENT_TIMEOUT_MS);

  it("refresh through the fake Entra ID", async () => {
    const where = world.profile("user_exp299");
    const result = await getToken(where, { scope: `${ARM_RESOURCE}/.default` });
    expect(world.fake.verifyAccessToken(result.token!)).toBeDefined();
    expect(tokenRequests(world.fake)).toHaveLength(1);
    await expectTokenLikeAz(result, where, ARM_RESOURCE);
  }, CLIENT_TIMEOUT_MS);

  it("tenant_id: --tenant T2", async () => {
    const where = world.profile("user");
    const result = await getToken(where, { scope: `${ARM_RESOURCE}/.default`, tenant_id: T2 });
    await expectTokenLikeAz(result, where, ARM_RESOURCE, T2);
  }, CLIENT_TIMEOUT_MS);

  it("a GUID resource (AKS)", async () => {
    const where = world.profile("user");
    const result = await getToken(where, { scope: `${AKS_RESOURCE}/.default` });
    await expectTokenLikeAz(result, where, AKS_RESOURCE);
  }, CLIENT_TIMEOUT_MS);

  it("not logged in: CredentialUnavailableError, so a credential chain moves on", async () => {
    const result = await getToken(world.emptyProfile(), { scope: `${ARM_RESOURCE}/.default` });
    expect(result).toEqual({ error: "CredentialUnavailableError", message: "Please run 'az login' to set up an account" });
  }, CLIENT_TIMEOUT_MS);
});
