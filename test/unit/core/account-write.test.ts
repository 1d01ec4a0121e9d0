// account set / clear / logout against fixture profiles, compared with the files az 2.45 left (after/).
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { clearAccounts, logout, setActiveAccount } from "../../../src/core/use-cases/account-write.js";
import { createLogger } from "../../../src/core/logger.js";
import { ProfileSession } from "../../../src/core/profile/session.js";
import { GOLDEN_DIR } from "../../support/paths.js";
import { makeProfile, type TempProfile } from "../../support/profile-fixture.js";
import { capture } from "../../support/memory-deps.js";
import { expectMode } from "../../support/platform.js";

const profiles: TempProfile[] = [];
afterEach(() => profiles.splice(0).forEach((profile) => profile.remove()));

function setup(fixture: string) {
  const profile = makeProfile(fixture);
  profiles.push(profile);
  const stderr = capture();
  const session = ProfileSession.open(profile.configDir, {}, (text) => stderr.write(text));
  const logger = createLogger(stderr, { onlyShowErrors: false, verbose: false, debug: false });
  const file = (name: string) => join(profile.configDir, name);
  return { profile, session, logger, stderr, file };
}

const golden = (caseName: string, file: string) => readFileSync(join(GOLDEN_DIR, "cases", caseName, "after", file), "utf8");

describe("account set", () => {
  it("moves the default and records it in clouds.config exactly as az does", async () => {
    const { session, file } = setup("user");
    await setActiveAccount(session, "Contoso Old");
    expect(readFileSync(file("azureProfile.json"), "utf8")).toBe(golden("account_set", "azureProfile.json"));
    expect(readFileSync(file("clouds.config"), "utf8")).toBe(golden("account_set", "clouds.config"));
  });

  it("names the lower-cased subscription when there is no single match, and changes nothing", async () => {
    const { session, file } = setup("dupname");
    const before = readFileSync(file("azureProfile.json"));
    await expect(setActiveAccount(session, "CONTOSO DEV")).rejects.toThrow("The subscription of 'contoso dev' has more than one match in cloud 'AzureCloud'.");
    await expect(setActiveAccount(session, "Nope")).rejects.toThrow("The subscription of 'nope' doesn't exist in cloud 'AzureCloud'.");
    expect(readFileSync(file("azureProfile.json"))).toEqual(before);
  });

  it("never overwrites a profile it cannot parse", async () => {
    const { session, file } = setup("corrupt");
    const before = readFileSync(file("azureProfile.json"));
    await expect(setActiveAccount(session, "x")).rejects.toThrow("could not be parsed and was left unchanged");
    expect(readFileSync(file("azureProfile.json"))).toEqual(before);
  });
});

describe("logout", () => {
  it("removes the current user's accounts and tokens as az does", async () => {
    const { session, logger, file } = setup("user");
    await logout(session, {}, logger);
    expect(readFileSync(file("azureProfile.json"), "utf8")).toBe(golden("logout_user", "azureProfile.json"));
    expect(readFileSync(file("msal_token_cache.json"), "utf8")).toBe(golden("logout_user", "msal_token_cache.json"));
    expectMode(file("msal_token_cache.json"), 0o600);
  });

  it("says there are no active accounts when nobody is signed in", async () => {
    const { session, logger } = setup("empty");
    await expect(logout(session, {}, logger)).rejects.toThrow("There are no active accounts.");
  });

  it("removes a service principal's secrets", async () => {
    const { session, logger, file } = setup("sp");
    await logout(session, {}, logger, "99999999-8888-7777-6666-555555555555");
    expect(JSON.parse(readFileSync(file("service_principal_entries.json"), "utf8"))).toEqual([]);
    expect(JSON.parse(readFileSync(file("azureProfile.json"), "utf8").slice(1)).subscriptions).toEqual([]);
  });
});

describe("account clear", () => {
  it("empties the profile and deletes the token files", async () => {
    const { session, logger, file } = setup("sp");
    writeFileSync(file("accessTokens.json"), "[]");
    await clearAccounts(session, {}, logger);
    expect(existsSync(file("msal_token_cache.json"))).toBe(false);
    expect(existsSync(file("service_principal_entries.json"))).toBe(false);
    expect(existsSync(file("accessTokens.json"))).toBe(false);
    expect(readFileSync(file("azureProfile.json"), "utf8")).toBe(golden("account_clear", "azureProfile.json"));
  });

  it("is the fix for a corrupt token cache", async () => {
    const { session, logger, file } = setup("user");
    writeFileSync(file("msal_token_cache.json"), '{"AccessToken": ');
    await clearAccounts(session, {}, logger);
    expect(existsSync(file("msal_token_cache.json"))).toBe(false);
  });
});
