import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeRequest, SP_CLIENT_ID, startFakeEntra, T1, T2, type FakeEntra } from "../../support/fake-entra/index.js";
import { ARM, ARM_SCOPE, armToken, AUTHORITY } from "./helpers.js";

let fake: FakeEntra;
beforeAll(async () => {
  fake = await startFakeEntra();
});
afterAll(() => fake.close());
beforeEach(() => fake.updateSettings({ armPageSize: 0, noSubscriptions: false }));

const arm = (path: string, bearer?: string) =>
  fakeRequest(fake, `${ARM}${path}`, bearer ? { headers: { Authorization: `Bearer ${bearer}` } } : {});

describe("ARM", () => {
  it("lists the golden tenant for the user", async () => {
    const res = await arm("/tenants?api-version=2019-11-01", await armToken(fake));
    expect(res.json()).toEqual({
      value: [{ id: `/tenants/${T1}`, tenantId: T1, countryCode: "US", displayName: "Contoso", domains: ["contoso.com"], tenantCategory: "Home", defaultDomain: "contoso.com", tenantType: "AAD" }],
    });
  });

  it("lists the golden subscriptions of the token's tenant", async () => {
    const body = (await arm("/subscriptions?api-version=2019-11-01", await armToken(fake, T1))).json<{ value: Record<string, unknown>[] }>();
    expect(body.value.map((s) => [s.subscriptionId, s.displayName, s.state, s.managedByTenants])).toEqual([
      ["11111111-2222-3333-4444-555555555555", "Contoso Dev", "Enabled", [{ tenantId: T2 }]],
      ["66666666-7777-8888-9999-000000000000", "Contoso Old", "Disabled", []],
    ]);
    expect(body.value[0]).toMatchObject({ id: "/subscriptions/11111111-2222-3333-4444-555555555555", tenantId: T1 });
  });

  it("pages with nextLink when configured", async () => {
    fake.updateSettings({ armPageSize: 1 });
    const token = await armToken(fake, T1);
    const first = (await arm("/subscriptions?api-version=2019-11-01", token)).json<{ value: unknown[]; nextLink: string }>();
    expect(first.value).toHaveLength(1);
    expect(first.nextLink).toBe(`${ARM}/subscriptions?api-version=2019-11-01&%24skiptoken=1`);
    const second = (await fakeRequest(fake, first.nextLink, { headers: { Authorization: `Bearer ${token}` } })).json<{ value: { displayName: string }[]; nextLink?: string }>();
    expect(second.value[0]!.displayName).toBe("Contoso Old");
    expect(second.nextLink).toBeUndefined();
  });

  it("returns nothing with noSubscriptions (golden FAKE_NO_SUBS)", async () => {
    fake.updateSettings({ noSubscriptions: true });
    expect((await arm("/subscriptions?api-version=2019-11-01", await armToken(fake, T1))).json().value).toEqual([]);
  });

  it("lists subscriptions for service principals and managed identities of the tenant", async () => {
    const sp = await fakeRequest(fake, `${AUTHORITY}/${T1}/oauth2/v2.0/token`, {
      body: { client_id: SP_CLIENT_ID, grant_type: "client_credentials", client_secret: "fake-secret", scope: ARM_SCOPE },
    });
    expect((await arm("/subscriptions?api-version=2019-11-01", sp.json<{ access_token: string }>().access_token)).json().value).toHaveLength(2);
    const mi = await fakeRequest(fake, "http://169.254.169.254/metadata/identity/oauth2/token?resource=https%3A%2F%2Fmanagement.core.windows.net%2F&api-version=2018-02-01", { headers: { Metadata: "true" } });
    expect((await arm("/subscriptions?api-version=2019-11-01", mi.json<{ access_token: string }>().access_token)).json().value).toHaveLength(2);
  });

  it("gets one subscription, 404 for others", async () => {
    const token = await armToken(fake, T1);
    expect((await arm("/subscriptions/11111111-2222-3333-4444-555555555555?api-version=2020-01-01", token)).json().displayName).toBe("Contoso Dev");
    const missing = await arm("/subscriptions/00000000-0000-0000-0000-000000000000?api-version=2020-01-01", token);
    expect(missing.status).toBe(404);
    expect(missing.json()).toMatchObject({ error: { code: "SubscriptionNotFound" } });
  });

  it("requires a valid bearer token for an ARM audience and an api-version", async () => {
    expect((await arm("/subscriptions?api-version=2019-11-01")).json()).toMatchObject({ error: { code: "InvalidAuthenticationToken" } });
    const vault = await fakeRequest(fake, `${AUTHORITY}/${T1}/oauth2/v2.0/token`, {
      body: { client_id: SP_CLIENT_ID, grant_type: "client_credentials", client_secret: "fake-secret", scope: "https://vault.azure.net/.default" },
    });
    const wrong = await arm("/subscriptions?api-version=2019-11-01", vault.json<{ access_token: string }>().access_token);
    expect(wrong.status).toBe(401);
    expect(wrong.json()).toMatchObject({ error: { code: "InvalidAuthenticationTokenAudience" } });
    expect((await arm("/subscriptions", await armToken(fake))).json()).toMatchObject({ error: { code: "MissingApiVersionParameter" } });
  });
});
