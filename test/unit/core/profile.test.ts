import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readProfile } from "../../../src/core/profile/profile-file.js";
import { selectAccount, identityKindOf } from "../../../src/core/profile/accounts.js";
import { ProfileSession } from "../../../src/core/profile/session.js";
import { makeProfile } from "../../support/profile-fixture.js";
import type { ProfileAccount } from "../../../src/core/profile/profile-file.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function dirWithProfile(content: string | Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), "aztoken-profile-"));
  dirs.push(dir);
  writeFileSync(join(dir, "azureProfile.json"), content);
  return dir;
}

const account = (overrides: Partial<ProfileAccount>): ProfileAccount => ({
  id: "11111111-2222-3333-4444-555555555555",
  name: "Contoso Dev",
  state: "Enabled",
  user: { name: "alice@contoso.com", type: "user" },
  isDefault: true,
  tenantId: "t1",
  environmentName: "AzureCloud",
  ...overrides,
});

describe("azureProfile.json", () => {
  it("reads the file with and without a UTF-8 BOM", () => {
    const json = JSON.stringify({ subscriptions: [account({})] });
    const withBom = readProfile(dirWithProfile(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(json)])));
    const withoutBom = readProfile(dirWithProfile(json));
    expect(withBom.status).toBe("ok");
    expect(withoutBom.status).toBe("ok");
    if (withBom.status === "ok" && withoutBom.status === "ok") {
      expect(withBom.hadBom).toBe(true);
      expect(withoutBom.hadBom).toBe(false);
      expect(withBom.document).toEqual(withoutBom.document);
    }
  });

  it.each([
    ["truncated JSON", '{"subscriptions": [{"id": '],
    ["a list at the top", "[]"],
    ["subscriptions of the wrong type", '{"subscriptions": {"id": "x"}}'],
    ["an account without a user", '{"subscriptions": [{"id": "x", "environmentName": "AzureCloud"}]}'],
    ["an empty file", ""],
  ])("reports %s as corrupt and leaves the bytes alone", (_label, content) => {
    const dir = dirWithProfile(content);
    const before = readFileSync(join(dir, "azureProfile.json"));
    expect(readProfile(dir).status).toBe("corrupt");
    expect(readFileSync(join(dir, "azureProfile.json"))).toEqual(before);
  });

  it("prints az's notice once for a corrupt profile and then has no accounts", () => {
    const dir = dirWithProfile("{oops");
    let stderr = "";
    const session = ProfileSession.open(dir, {}, (text) => (stderr += text));
    expect(session.accounts()).toEqual([]);
    expect(session.accounts()).toEqual([]);
    expect(stderr).toBe(`Failed to load or parse file ${join(dir, "azureProfile.json")}. It will be overridden by default settings.\n`);
  });

  it("keeps only the active cloud's accounts", () => {
    const profile = makeProfile("gov");
    try {
      const session = ProfileSession.open(profile.configDir, {}, () => {});
      expect(session.cloud.name).toBe("AzureUSGovernment");
      expect(session.accounts().map((a) => a.name)).toEqual(["Contoso Dev", "Contoso Old"]);
      const inPublic = ProfileSession.open(profile.configDir, { AZURE_CLOUD_NAME: "AzureCloud" }, () => {});
      expect(inPublic.accounts()).toEqual([]);
      expect(inPublic.accounts(true)).toHaveLength(2);
    } finally {
      profile.remove();
    }
  });
});

describe("selectAccount", () => {
  const accounts = [account({}), account({ id: "66666666-7777-8888-9999-000000000000", name: "Contoso Old", isDefault: false })];

  it("picks the default, or the one named by id or name case-insensitively", () => {
    expect(selectAccount(accounts).name).toBe("Contoso Dev");
    expect(selectAccount(accounts, "contoso old").id).toBe("66666666-7777-8888-9999-000000000000");
    expect(selectAccount(accounts, "66666666-7777-8888-9999-000000000000".toUpperCase()).name).toBe("Contoso Old");
  });

  it("uses az's messages", () => {
    expect(() => selectAccount([])).toThrow("Please run 'az login' to setup account.");
    expect(() => selectAccount(accounts, "Nope")).toThrow("Subscription 'Nope' not found. Check the spelling and casing and try again.");
    expect(() => selectAccount([account({ isDefault: false })])).toThrow("No subscription found. Run 'az account set' to select a subscription.");
    expect(() => selectAccount([account({}), account({ id: "x" })])).toThrow("Multiple subscriptions with the name 'None' found. Specify the subscription ID.");
    expect(() => selectAccount([account({}), account({ id: "x" })], "CONTOSO DEV")).toThrow(
      "Multiple subscriptions with the name 'CONTOSO DEV' found. Specify the subscription ID.",
    );
  });
});

describe("identityKindOf", () => {
  it("recognises managed identities by user name and identity info", () => {
    const mi = (assignedIdentityInfo?: string, name = "userAssignedIdentity") =>
      identityKindOf(account({ user: { name, type: "servicePrincipal", ...(assignedIdentityInfo ? { assignedIdentityInfo } : {}) } }), false);
    expect(mi("MSI", "systemAssignedIdentity")).toEqual({ kind: "managedIdentity", idType: "MSI", id: undefined });
    expect(mi("MSIClient-abc")).toEqual({ kind: "managedIdentity", idType: "MSIClient", id: "abc" });
    expect(mi("MSIResource-/subscriptions/x/resourceGroups/y")).toEqual({ kind: "managedIdentity", idType: "MSIResource", id: "/subscriptions/x/resourceGroups/y" });
    // legacy profiles: the identity info is the subscription name
    expect(identityKindOf(account({ name: "MSIObject-xyz", user: { name: "userAssignedIdentity", type: "servicePrincipal" } }), false)).toEqual({
      kind: "managedIdentity",
      idType: "MSIObject",
      id: "xyz",
    });
  });

  it("treats cloudShellID accounts as Cloud Shell only inside Cloud Shell", () => {
    const cloudShell = account({ user: { name: "live.com#alice@contoso.com", type: "user", cloudShellID: true } });
    expect(identityKindOf(cloudShell, true)).toEqual({ kind: "cloudShell" });
    expect(identityKindOf(cloudShell, false)).toEqual({ kind: "user" });
    expect(identityKindOf(account({ user: { name: "sp-id", type: "servicePrincipal" } }), false)).toEqual({ kind: "servicePrincipal" });
  });
});
