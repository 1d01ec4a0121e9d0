// The fake's world: tenants, subscriptions, users, service principals and managed identities. Defaults are the
// golden data (test/fixtures/az-golden/README.md): tenant T1 "Contoso" with "Contoso Dev" (Enabled, managed by T2) and
// "Contoso Old" (Disabled), user alice, service principal 9999…, and the managed identities the fixtures use.

export const T1 = "72f988bf-0000-4000-8000-000000000001";
export const T2 = "2f4a9838-26b7-47ee-be60-ccc1fdec5953";
export const AZ_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
export const ALICE_OID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
export const SP_CLIENT_ID = "99999999-8888-7777-6666-555555555555";
export const GOLDEN_FEDERATED_TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOngifQ.c2ln";
export const USER_ASSIGNED_CLIENT_ID = "12345678-aaaa-bbbb-cccc-1234567890ab";

export interface FakeSubscription {
  subscriptionId: string;
  displayName: string;
  state?: "Enabled" | "Disabled" | "Warned" | "PastDue" | "Deleted";
  managedByTenants?: string[];
}

export interface FakeTenant {
  tenantId: string;
  displayName: string;
  defaultDomain?: string;
  subscriptions?: FakeSubscription[];
}

/** What an identity can see: the tenants it belongs to, and optionally only some subscriptions in them. */
interface FakeIdentityAccess {
  /** Subscription ids this identity may list; default every subscription of its tenants. */
  subscriptionIds?: string[];
}

export interface FakeUser extends FakeIdentityAccess {
  username: string;
  objectId: string;
  homeTenantId: string;
  /** Tenants `/tenants` lists for this user; default `[homeTenantId]`. */
  tenantIds?: string[];
  /** ROPC password; unset = any password is accepted. */
  password?: string;
  displayName?: string;
}

export interface FakeServicePrincipal extends FakeIdentityAccess {
  clientId: string;
  tenantId: string;
  objectId?: string;
  /** Accepted client secrets; unset = any secret is accepted. */
  secrets?: string[];
  /** PEM certificates whose keys may sign client assertions; unset (and no federatedTokens) = any assertion. */
  certificates?: string[];
  /** Federated tokens accepted verbatim as client assertions (expired ones, by their `exp`, are refused). */
  federatedTokens?: string[];
}

export interface FakeManagedIdentity extends FakeIdentityAccess {
  /** Exactly one identity should be system-assigned: the one used when the request names none. */
  systemAssigned?: boolean;
  clientId: string;
  objectId: string;
  resourceId?: string;
  tenantId: string;
}

export interface FakeDirectory {
  tenants: FakeTenant[];
  users: FakeUser[];
  servicePrincipals: FakeServicePrincipal[];
  managedIdentities: FakeManagedIdentity[];
}

export function defaultDirectory(): FakeDirectory {
  return {
    tenants: [
      {
        tenantId: T1,
        displayName: "Contoso",
        defaultDomain: "contoso.com",
        subscriptions: [
          {
            subscriptionId: "11111111-2222-3333-4444-555555555555",
            displayName: "Contoso Dev",
            state: "Enabled",
            managedByTenants: [T2],
          },
          { subscriptionId: "66666666-7777-8888-9999-000000000000", displayName: "Contoso Old", state: "Disabled" },
        ],
      },
      { tenantId: T2, displayName: "Fabrikam", defaultDomain: "fabrikam.com", subscriptions: [] },
    ],
    users: [{ username: "alice@contoso.com", objectId: ALICE_OID, homeTenantId: T1, displayName: "Alice" }],
    servicePrincipals: [
      {
        clientId: SP_CLIENT_ID,
        tenantId: T1,
        objectId: "99999999-0000-0000-0000-000000000001",
        secrets: ["fake-secret"],
        federatedTokens: [GOLDEN_FEDERATED_TOKEN],
      },
    ],
    managedIdentities: [
      {
        systemAssigned: true,
        clientId: "5a5a5a5a-0000-4000-8000-00000000000a",
        objectId: "5a5a5a5a-0000-4000-8000-00000000000b",
        tenantId: T1,
      },
      {
        clientId: USER_ASSIGNED_CLIENT_ID,
        objectId: "12345678-0000-4000-8000-0000000000bb",
        resourceId:
          "/subscriptions/11111111-2222-3333-4444-555555555555/resourcegroups/rg1/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id1",
        tenantId: T1,
      },
    ],
  };
}

/** Any principal a token can be issued to; ARM uses it to decide what the bearer sees. */
export type Principal =
  | { kind: "user"; user: FakeUser }
  | { kind: "servicePrincipal"; sp: FakeServicePrincipal }
  | { kind: "managedIdentity"; mi: FakeManagedIdentity };

export class Directory {
  constructor(public data: FakeDirectory) {}

  tenant(idOrDomain: string): FakeTenant | undefined {
    const key = idOrDomain.toLowerCase();
    return this.data.tenants.find((t) => t.tenantId === key || t.defaultDomain?.toLowerCase() === key);
  }

  user(username: string): FakeUser | undefined {
    return this.data.users.find((u) => u.username.toLowerCase() === username.toLowerCase());
  }

  defaultUser(): FakeUser {
    const user = this.data.users[0];
    if (!user) throw new Error("fake-entra: the directory has no users");
    return user;
  }

  servicePrincipal(clientId: string): FakeServicePrincipal | undefined {
    return this.data.servicePrincipals.find((sp) => sp.clientId.toLowerCase() === clientId.toLowerCase());
  }

  /** The managed identity a request selects (by client id, object id or resource id), or the system one. */
  managedIdentity(select: { clientId?: string; objectId?: string; resourceId?: string }): FakeManagedIdentity | undefined {
    const eq = (a: string | undefined, b: string) => a !== undefined && a.toLowerCase() === b.toLowerCase();
    const all = this.data.managedIdentities;
    if (select.clientId) return all.find((mi) => eq(mi.clientId, select.clientId!));
    if (select.objectId) return all.find((mi) => eq(mi.objectId, select.objectId!));
    if (select.resourceId) return all.find((mi) => eq(mi.resourceId, select.resourceId!));
    return all.find((mi) => mi.systemAssigned);
  }

  /** The principal behind a token's `oid`, used by ARM. */
  principalByObjectId(oid: string): Principal | undefined {
    const user = this.data.users.find((u) => u.objectId === oid);
    if (user) return { kind: "user", user };
    const sp = this.data.servicePrincipals.find((s) => spObjectId(s) === oid);
    if (sp) return { kind: "servicePrincipal", sp };
    const mi = this.data.managedIdentities.find((m) => m.objectId === oid);
    return mi ? { kind: "managedIdentity", mi } : undefined;
  }

  tenantsOf(principal: Principal): FakeTenant[] {
    const ids =
      principal.kind === "user"
        ? (principal.user.tenantIds ?? [principal.user.homeTenantId])
        : [principal.kind === "servicePrincipal" ? principal.sp.tenantId : principal.mi.tenantId];
    return ids.map((id) => this.tenant(id) ?? { tenantId: id, displayName: id, subscriptions: [] });
  }

  /** Subscriptions in `tenantId` the principal may list. */
  subscriptionsOf(principal: Principal, tenantId: string): FakeSubscription[] {
    const inTenant = this.tenantsOf(principal).some((t) => t.tenantId === tenantId);
    if (!inTenant) return [];
    const access = principal.kind === "user" ? principal.user : principal.kind === "servicePrincipal" ? principal.sp : principal.mi;
    const subs = this.tenant(tenantId)?.subscriptions ?? [];
    return access.subscriptionIds ? subs.filter((s) => access.subscriptionIds!.includes(s.subscriptionId)) : subs;
  }
}

/** Service principals need a stable object id for tokens; derive one from the client id when not configured. */
export function spObjectId(sp: FakeServicePrincipal): string {
  return sp.objectId ?? `sp-${sp.clientId}`;
}
