// The Go, .NET and Java SDKs' command lines through `/bin/sh -c`, as those SDKs run them: working directory
// /bin, stdin closed, PATH=<shim>:/usr/bin:/usr/local/bin, AZURE_CORE_NO_COLOR=true. Needs `npm run build`.
import { beforeEach, describe, expect, it } from "vitest";
import type { TempProfile } from "../../support/profile-fixture.js";
import { runShell, type Run } from "../../unit/shim/support.js";
import { SHELL_CALLERS, expectLocalExpiresOn, type CliRequest, type ShellCaller } from "./sdk-callers.js";
import { ARM_RESOURCE, CLIENT_TIMEOUT_MS, FIXTURE_EXPIRES_ON, SUBSCRIPTION_ID, SUBSCRIPTION_NAME, T1, T2, tokenRequests, useClientWorld } from "./support.js";

const world = useClientWorld();
/** Not UTC and not a whole hour away from it, so the local-time fallback is really tested. */
const LOCAL_TZ = "Asia/Kolkata";

beforeEach(() => world.fake?.log.clear());

function run(caller: ShellCaller, where: TempProfile, request: CliRequest): Promise<Run> {
  const env = world.env(where, { TZ: LOCAL_TZ });
  return runShell(caller.command(request), { path: env.PATH!, env });
}

/** The output the SDK parses, after checking rc 0 and an empty stderr (Java would merge it into the JSON). */
function successOutput(caller: ShellCaller, result: Run): string {
  expect(result.stderr).toBe("");
  expect(result.rc).toBe(0);
  return caller.mergesStderr ? result.stdout + result.stderr : result.stdout;
}

describe.each(SHELL_CALLERS)("$name: /bin/sh -c through the az shim", (caller) => {
  it("cache hit: expires_on a JSON integer, expiresOn the same instant in local time, no network", async () => {
    const result = await run(caller, world.profile("user"), { resource: ARM_RESOURCE });
    const output = successOutput(caller, result);
    const parsed = caller.parse(output);
    expect(Math.abs(parsed.expiresOn - FIXTURE_EXPIRES_ON)).toBeLessThanOrEqual(1);
    expectLocalExpiresOn(output, LOCAL_TZ);
    expect(world.fake.log.entries).toEqual([]);
  }, CLIENT_TIMEOUT_MS);

  it("--tenant T2", async () => {
    const output = successOutput(caller, await run(caller, world.profile("user"), { resource: ARM_RESOURCE, tenant: T2 }));
    caller.parse(output);
    expect(JSON.parse(output)).toMatchObject({ tenant: T2 });
  }, CLIENT_TIMEOUT_MS);

  it('--subscription "Contoso Dev" (double-quoted, with a space)', async () => {
    const output = successOutput(caller, await run(caller, world.profile("user"), { resource: ARM_RESOURCE, subscription: SUBSCRIPTION_NAME }));
    caller.parse(output);
    expect(JSON.parse(output)).toMatchObject({ subscription: SUBSCRIPTION_ID, tenant: T1, tokenType: "Bearer" });
  }, CLIENT_TIMEOUT_MS);

  it("refresh through the fake Entra ID", async () => {
    const output = successOutput(caller, await run(caller, world.profile("user_exp299"), { resource: ARM_RESOURCE }));
    expect(world.fake.verifyAccessToken(caller.parse(output).token)).toBeDefined();
    expect(tokenRequests(world.fake)).toHaveLength(1);
  }, CLIENT_TIMEOUT_MS);

  it("not logged in: rc 1, nothing on stdout, 'az login' on stderr (the SDKs' cue to move on)", async () => {
    const result = await run(caller, world.emptyProfile(), { resource: ARM_RESOURCE, subscription: SUBSCRIPTION_NAME });
    expect(result.rc).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain("az login");
    expect(result.stderr).not.toContain("AADSTS");
  }, CLIENT_TIMEOUT_MS);
});
