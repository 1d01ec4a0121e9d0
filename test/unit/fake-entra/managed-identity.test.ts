import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fakeRequest, startFakeEntra, T1, USER_ASSIGNED_CLIENT_ID, type FakeEntra } from "../../support/fake-entra/index.js";
import { claimsOf } from "./helpers.js";

const VAULT = "https://vault.azure.net";
const IMDS = "http://169.254.169.254/metadata/identity/oauth2/token";
let fake: FakeEntra;
beforeAll(async () => {
  fake = await startFakeEntra();
});
afterAll(() => fake.close());

const imds = (query: string, headers: Record<string, string> = { Metadata: "true" }) =>
  fakeRequest(fake, `${IMDS}?resource=${encodeURIComponent(VAULT)}&api-version=2018-02-01${query}`, { headers });

describe("IMDS", () => {
  it("issues a system-assigned token with string expiry fields", async () => {
    const res = await imds("");
    const body = res.json<Record<string, string>>();
    expect(body).toMatchObject({ expires_in: "86399", ext_expires_in: "86399", resource: VAULT, token_type: "Bearer" });
    expect(Number(body.expires_on) - Math.floor(Date.now() / 1000)).toBeGreaterThan(86390);
    expect(claimsOf(body.access_token!)).toMatchObject({ aud: VAULT, tid: T1, gt: "imds" });
  });

  it("selects user-assigned identities by client_id, object_id and msi_res_id", async () => {
    const mi = fake.settings.directory.managedIdentities[1]!;
    for (const query of [`&client_id=${mi.clientId}`, `&object_id=${mi.objectId}`, `&msi_res_id=${encodeURIComponent(mi.resourceId!)}`]) {
      expect(claimsOf((await imds(query)).json<{ access_token: string }>().access_token).oid).toBe(mi.objectId);
    }
    const unknown = await imds("&client_id=00000000-0000-0000-0000-00000000dead");
    expect(unknown.status).toBe(400);
    expect(unknown.json()).toEqual({ error: "invalid_request", error_description: "Identity not found" });
  });

  it("requires the Metadata header", async () => {
    const res = await imds("", {});
    expect(res.status).toBe(400);
    expect(res.json().error_description).toBe("Required metadata header not specified");
  });

  it("is reachable without a proxy on the plain port too", async () => {
    const res = await fakeRequest(fake, `http://127.0.0.1:${fake.httpPort}/metadata/identity/oauth2/token?resource=${VAULT}&api-version=2018-02-01`, { via: "direct", headers: { Metadata: "true" } });
    expect(res.status).toBe(200);
  });
});

describe("App Service, Cloud Shell, Arc, Service Fabric", () => {
  const direct = (url: string, headers: Record<string, string> = {}, body?: Record<string, string>) =>
    fakeRequest(fake, url, { via: "direct", headers, ...(body ? { body } : {}) });

  it("App Service 2019-08-01 checks X-IDENTITY-HEADER", async () => {
    const env = fake.managedIdentityEnv("appservice");
    const url = `${env.IDENTITY_ENDPOINT}?api-version=2019-08-01&resource=${VAULT}&client_id=${USER_ASSIGNED_CLIENT_ID}`;
    const ok = await direct(url, { "X-IDENTITY-HEADER": env.IDENTITY_HEADER! });
    expect(ok.json()).toMatchObject({ resource: VAULT, token_type: "Bearer", client_id: USER_ASSIGNED_CLIENT_ID });
    expect(ok.json().expires_on).toMatch(/^\d+$/);
    expect((await direct(url, { "X-IDENTITY-HEADER": "wrong" })).status).toBe(401);
  });

  it("App Service 2017-09-01 uses the `secret` header and the golden date format", async () => {
    const env = fake.managedIdentityEnv("appservice-2017");
    const url = `${env.MSI_ENDPOINT}/?resource=${VAULT}&api-version=2017-09-01&clientid=${USER_ASSIGNED_CLIENT_ID}`;
    expect(env.MSI_SECRET).toBe("s3cr3t");
    expect((await direct(url, { secret: "s3cr3t" })).json().expires_on).toMatch(/^\d+$/);
    fake.updateSettings({ appServiceDateExpiresOn: true });
    const dated = (await direct(url, { secret: "s3cr3t" })).json<Record<string, string>>();
    fake.updateSettings({ appServiceDateExpiresOn: false });
    expect(dated.expires_on).toMatch(/^\d\d\/\d\d\/\d{4} \d\d:\d\d:\d\d \+00:00$/);
    expect(fake.log.entries.at(-1)?.route).toBe("appservice-2017");
  });

  it("Cloud Shell takes a POSTed form with Metadata: true", async () => {
    const { MSI_ENDPOINT } = fake.managedIdentityEnv("cloudshell");
    const res = await direct(MSI_ENDPOINT!, { Metadata: "true" }, { resource: VAULT });
    expect(res.json()).toMatchObject({ resource: VAULT, expires_in: "86399" });
    expect(fake.log.entries.at(-1)).toMatchObject({ route: "cloudshell", form: { resource: VAULT } });
  });

  it("Azure Arc challenges with a key file, then accepts its content", async () => {
    const { IDENTITY_ENDPOINT } = fake.managedIdentityEnv("arc");
    const url = `${IDENTITY_ENDPOINT}?api-version=2020-06-01&resource=${VAULT}`;
    const challenge = await direct(url, { Metadata: "true" });
    expect(challenge.status).toBe(401);
    const keyPath = /^Basic realm=(.+)$/.exec(String(challenge.headers["www-authenticate"]))![1]!;
    expect(keyPath).toBe(fake.arcKeyPath);
    const ok = await direct(url, { Metadata: "true", Authorization: `Basic ${readFileSync(keyPath, "utf8")}` });
    expect(ok.status).toBe(200);
    expect(claimsOf(ok.json<{ access_token: string }>().access_token).gt).toBe("arc");
  });

  it("Service Fabric answers on HTTPS with a numeric expires_on", async () => {
    const env = fake.managedIdentityEnv("servicefabric");
    expect(env.IDENTITY_SERVER_THUMBPRINT).toMatch(/^[0-9A-F]{40}$/);
    const res = await direct(`${env.IDENTITY_ENDPOINT}?api-version=2019-07-01-preview&resource=${VAULT}`, { secret: env.IDENTITY_HEADER! });
    expect(typeof res.json().expires_on).toBe("number");
    expect(fake.log.entries.at(-1)).toMatchObject({ route: "servicefabric", transport: "https" });
  });
});
