// az's _set_subscriptions rules for the default account, and the entries login builds.
import { describe, expect, it } from "vitest";
import { mergeAccounts, tenantLevelSubscriptions, toProfileAccounts } from "../../../src/core/login/profile-accounts.js";
import type { ProfileAccount } from "../../../src/core/profile/profile-file.js";

const owner = { name: "alice@contoso.com", type: "user" as const };
const account = (id: string, extra: Partial<ProfileAccount> = {}): ProfileAccount => ({
  id,
  name: id,
  state: "Enabled",
  user: { name: "someone", type: "user" },
  isDefault: false,
  tenantId: "t",
  environmentName: "AzureCloud",
  ...extra,
});

describe("mergeAccounts", () => {
  it("keeps the previous default when the new accounts have it, replacing entries in place", () => {
    const stored = [account("a"), account("b", { isDefault: true })];
    const { accounts, defaultId } = mergeAccounts(stored, [account("c"), account("b", { name: "new b" })], { merge: true, cloudName: "AzureCloud" });
    expect(accounts.map((a) => [a.id, a.name, a.isDefault])).toEqual([
      ["a", "a", false],
      ["b", "new b", true],
      ["c", "c", false],
    ]);
    expect(defaultId).toBe("b");
  });

  it("else the first Enabled new account, else the first", () => {
    expect(mergeAccounts([account("a", { isDefault: true })], [account("x", { state: "Disabled" }), account("y")], { merge: true, cloudName: "AzureCloud" }).defaultId).toBe("y");
    expect(mergeAccounts([], [account("x", { state: "Disabled" })], { merge: true, cloudName: "AzureCloud" }).defaultId).toBe("x");
  });

  it("a refresh (merge: false) replaces the cloud's accounts but keeps other clouds'", () => {
    const stored = [account("old"), account("china", { environmentName: "AzureChinaCloud" })];
    const { accounts } = mergeAccounts(stored, [account("new")], { merge: false, cloudName: "AzureCloud" });
    expect(accounts.map((a) => a.id)).toEqual(["china", "new"]);
  });
});

describe("toProfileAccounts", () => {
  it("writes az's keys in az's order; tenant-level accounts carry no home or managing tenants", () => {
    const [subscription, tenant] = toProfileAccounts(
      [
        { subscription: { id: "/subscriptions/s1", subscriptionId: "s1", displayName: "Dev", state: "Enabled", tenantId: "home", managedByTenants: null }, tokenTenant: "t1" },
        ...tenantLevelSubscriptions(["t2"]),
      ],
      owner,
      "AzureCloud",
    );
    expect(Object.keys(subscription!)).toEqual(["id", "name", "state", "user", "isDefault", "tenantId", "environmentName", "homeTenantId", "managedByTenants"]);
    expect(subscription!.managedByTenants).toBeNull();
    expect(tenant).toEqual({ id: "t2", name: "N/A(tenant level account)", state: "Enabled", user: owner, isDefault: false, tenantId: "t2", environmentName: "AzureCloud" });
  });
});
