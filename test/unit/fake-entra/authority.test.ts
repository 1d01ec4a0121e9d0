import { createHash, createPublicKey, createSign, generateKeyPairSync, randomUUID, verify } from "node:crypto";
import forge from "node-forge";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ALICE_OID, fakeRequest, GOLDEN_FEDERATED_TOKEN, SP_CLIENT_ID, startFakeEntra, T1, type FakeEntra } from "../../support/fake-entra/index.js";
import { ARM_SCOPE, AUTHORITY, claimsOf, CLI_CLIENT, refreshForm, USER_SCOPES } from "./helpers.js";

const JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const TOKEN_URL = `${AUTHORITY}/${T1}/oauth2/v2.0/token`;
let fake: FakeEntra;
// A service principal with a certificate, registered at start.
const certKeys = generateKeyPairSync("rsa", { modulusLength: 2048 });
const certPem = selfSignedCert();

function selfSignedCert(): string {
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(certKeys.publicKey.export({ type: "spki", format: "pem" }) as string);
  cert.serialNumber = "02";
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  cert.setSubject([{ name: "commonName", value: "sp-cert" }]);
  cert.setIssuer([{ name: "commonName", value: "sp-cert" }]);
  cert.sign(forge.pki.privateKeyFromPem(certKeys.privateKey.export({ type: "pkcs1", format: "pem" }) as string), forge.md.sha256.create());
  return forge.pki.certificateToPem(cert);
}

/** A certificate client assertion as MSAL builds it (docs/compatibility.md#service-principals). */
function certAssertion(clientId: string, overrides: Record<string, unknown> = {}, key = certKeys.privateKey): string {
  const der = Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(forge.pki.certificateFromPem(certPem))).getBytes(), "binary");
  const header = { alg: "RS256", typ: "JWT", x5t: createHash("sha1").update(der).digest("base64url") };
  const iat = Math.floor(Date.now() / 1000);
  const claims = { aud: TOKEN_URL, iss: clientId, sub: clientId, iat, exp: iat + 600, jti: randomUUID(), ...overrides };
  const signingInput = `${Buffer.from(JSON.stringify(header)).toString("base64url")}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}`;
  return `${signingInput}.${createSign("RSA-SHA256").update(signingInput).sign(key).toString("base64url")}`;
}

beforeAll(async () => {
  fake = await startFakeEntra();
  fake.settings.directory.servicePrincipals.push({ clientId: "cccccccc-0000-0000-0000-000000000001", tenantId: T1, certificates: [certPem] });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.clearFaults();
  fake.updateSettings({ deviceCode: { approveAfterPolls: 0, slowDownPolls: 0, scopeFrom: "poll" }, authorize: "auto" });
});

const token = (form: Record<string, string>, tenant = T1) => fakeRequest(fake, `${AUTHORITY}/${tenant}/oauth2/v2.0/token`, { body: form });

describe("discovery", () => {
  it("serves OIDC configuration pointing at the requesting host and tenant", async () => {
    const doc = (await fakeRequest(fake, `${AUTHORITY}/${T1}/v2.0/.well-known/openid-configuration`)).json();
    expect(doc).toMatchObject({
      token_endpoint: `${AUTHORITY}/${T1}/oauth2/v2.0/token`,
      authorization_endpoint: `${AUTHORITY}/${T1}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${AUTHORITY}/${T1}/oauth2/v2.0/devicecode`,
      issuer: `${AUTHORITY}/${T1}/v2.0`,
    });
    const orgs = (await fakeRequest(fake, `${AUTHORITY}/organizations/v2.0/.well-known/openid-configuration`)).json();
    expect(orgs.issuer).toBe(`${AUTHORITY}/{tenantid}/v2.0`);
  });

  it("serves MSAL instance discovery with aliases", async () => {
    const url = `${AUTHORITY}/common/discovery/instance?api-version=1.1&authorization_endpoint=${AUTHORITY}/${T1}/oauth2/v2.0/authorize`;
    const doc = (await fakeRequest(fake, url)).json<{ tenant_discovery_endpoint: string; metadata: { aliases: string[] }[] }>();
    expect(doc.tenant_discovery_endpoint).toBe(`${AUTHORITY}/${T1}/v2.0/.well-known/openid-configuration`);
    expect(doc.metadata[0]!.aliases).toEqual(["login.microsoftonline.com", "login.windows.net", "login.microsoft.com", "sts.windows.net"]);
  });

  it("publishes the signing key, which verifies its access tokens", async () => {
    const jwks = (await fakeRequest(fake, `${AUTHORITY}/common/discovery/v2.0/keys`)).json<{ keys: Record<string, string>[] }>();
    const at = (await token(refreshForm("fake-rt"))).json<{ access_token: string }>().access_token;
    const [h, p, s] = at.split(".");
    const key = createPublicKey({ key: jwks.keys[0]!, format: "jwk" });
    expect(verify("RSA-SHA256", Buffer.from(`${h}.${p}`), key, Buffer.from(s!, "base64url"))).toBe(true);
    expect(fake.verifyAccessToken(at)).toMatchObject({ aud: "https://management.core.windows.net/" });
    expect(fake.verifyAccessToken(`${h}.${p}.c2lnbmF0dXJl`)).toBeUndefined();
  });
});

describe("refresh_token grant", () => {
  it("answers in the golden shape with a rotated refresh token, ID token and client_info", async () => {
    const res = await token(refreshForm("fake-rt"));
    expect(res.status).toBe(200);
    const body = res.json<Record<string, string | number>>();
    expect(Object.keys(body)).toEqual(["token_type", "scope", "expires_in", "ext_expires_in", "access_token", "refresh_token", "id_token", "client_info", "foci"]);
    expect(body).toMatchObject({ token_type: "Bearer", scope: ARM_SCOPE, expires_in: 3599, ext_expires_in: 3599, foci: "1" });
    const at = claimsOf(String(body.access_token));
    expect(at).toMatchObject({ aud: "https://management.core.windows.net/", tid: T1, oid: ALICE_OID, appid: CLI_CLIENT, gt: "refresh_token" });
    expect(body.refresh_token).toBe(`fake-rt-${at.n}`);
    expect(claimsOf(String(body.id_token))).toMatchObject({ preferred_username: "alice@contoso.com", oid: ALICE_OID, tid: T1 });
    expect(JSON.parse(Buffer.from(String(body.client_info), "base64url").toString())).toEqual({ uid: ALICE_OID, utid: T1 });
    // Rotation: the new refresh token works and yields a newer one.
    const next = (await token(refreshForm(String(body.refresh_token)))).json<{ refresh_token: string }>();
    expect(next.refresh_token).not.toBe(body.refresh_token);
  });

  it("issues for the requested tenant and resource", async () => {
    const T2 = "2f4a9838-26b7-47ee-be60-ccc1fdec5953";
    const body = (await token(refreshForm("fake-rt", "https://storage.azure.com/.default offline_access openid profile"), T2)).json<Record<string, string>>();
    expect(body.scope).toBe("https://storage.azure.com/.default");
    expect(claimsOf(body.access_token!)).toMatchObject({ aud: "https://storage.azure.com", tid: T2 });
  });

  it("refuses revoked refresh tokens with AADSTS700082", async () => {
    const rt = (await token(refreshForm("fake-rt"))).json<{ refresh_token: string }>().refresh_token;
    fake.revokeRefreshTokens(rt);
    const res = await token(refreshForm(rt));
    expect(res.status).toBe(400);
    expect(res.json()).toMatchObject({
      error: "invalid_grant",
      error_codes: [700082],
      error_description: "AADSTS700082: The refresh token has expired due to inactivity.\r\nTrace ID: 0000\r\nCorrelation ID: 1111\r\nTimestamp: 2026-01-01 00:00:00Z",
    });
    // Revoking everything also covers refresh tokens it never issued (fixture caches hold `fake-rt`).
    fake.revokeRefreshTokens();
    expect((await token(refreshForm("fake-rt"))).status).toBe(400);
    const fresh = await fakeRequest(fake, `${AUTHORITY}/organizations/oauth2/v2.0/token`, {
      body: { client_id: CLI_CLIENT, grant_type: "password", username: "alice@contoso.com", password: "x", scope: USER_SCOPES },
    });
    expect((await token(refreshForm(fresh.json<{ refresh_token: string }>().refresh_token))).status).toBe(200);
  });
});

describe("client_credentials grant", () => {
  const cc = (extra: Record<string, string>, clientId = SP_CLIENT_ID) =>
    token({ client_id: clientId, grant_type: "client_credentials", client_info: "1", scope: ARM_SCOPE, ...extra });

  it("accepts the registered secret and answers with an app token only", async () => {
    const body = (await cc({ client_secret: "fake-secret" })).json<Record<string, string>>();
    expect(Object.keys(body)).toEqual(["token_type", "scope", "expires_in", "ext_expires_in", "access_token"]);
    expect(claimsOf(body.access_token!)).toMatchObject({ appid: SP_CLIENT_ID, tid: T1, gt: "client_credentials" });
  });

  it("refuses a wrong secret with AADSTS7000215 (401)", async () => {
    const res = await cc({ client_secret: "nope" });
    expect(res.status).toBe(401);
    expect(res.json()).toMatchObject({ error: "invalid_client", error_codes: [7000215] });
  });

  it("accepts unknown clients unless strictClients", async () => {
    expect((await cc({ client_secret: "x" }, "dddddddd-0000-0000-0000-000000000001")).status).toBe(200);
    fake.updateSettings({ strictClients: true });
    const res = await cc({ client_secret: "x" }, "dddddddd-0000-0000-0000-000000000001");
    fake.updateSettings({ strictClients: false });
    expect(res.json().error_codes).toEqual([700016]);
  });

  it("requires a /.default scope", async () => {
    const res = await token({ client_id: SP_CLIENT_ID, grant_type: "client_credentials", client_secret: "fake-secret", scope: "https://x/read" });
    expect(res.json().error_codes).toEqual([1002012]);
  });

  it("verifies certificate assertions against the registered certificate", async () => {
    const clientId = "cccccccc-0000-0000-0000-000000000001";
    const ok = await cc({ client_assertion: certAssertion(clientId), client_assertion_type: JWT_BEARER }, clientId);
    expect(ok.status).toBe(200);
    const otherKey = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
    const forged = await cc({ client_assertion: certAssertion(clientId, {}, otherKey), client_assertion_type: JWT_BEARER }, clientId);
    expect(forged.json()).toMatchObject({ error: "invalid_client", error_codes: [700027] });
    const expired = await cc({ client_assertion: certAssertion(clientId, { exp: 1000 }), client_assertion_type: JWT_BEARER }, clientId);
    expect(expired.json().error_codes).toEqual([700024]);
  });

  it("accepts the registered federated token and refuses others", async () => {
    expect((await cc({ client_assertion: GOLDEN_FEDERATED_TOKEN, client_assertion_type: JWT_BEARER })).status).toBe(200);
    const other = await cc({ client_assertion: "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJvdGhlciJ9.c2ln", client_assertion_type: JWT_BEARER });
    expect(other.json().error_codes).toEqual([70021]);
    const stale = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: "repo:x", exp: 1000 })).toString("base64url")}.c2ln`;
    fake.settings.directory.servicePrincipals[0]!.federatedTokens!.push(stale);
    expect((await cc({ client_assertion: stale, client_assertion_type: JWT_BEARER })).json().error_codes).toEqual([700024]);
  });
});

describe("device code", () => {
  const start = async (tenant = "organizations") =>
    (await fakeRequest(fake, `${AUTHORITY}/${tenant}/oauth2/v2.0/devicecode`, { body: { client_id: CLI_CLIENT, scope: USER_SCOPES } })).json<Record<string, string | number>>();
  const poll = (deviceCode: string, target = fake) =>
    fakeRequest(target, `${AUTHORITY}/organizations/oauth2/v2.0/token`, {
      body: { client_id: CLI_CLIENT, grant_type: "urn:ietf:params:oauth:grant-type:device_code", client_info: "1", code: deviceCode, device_code: deviceCode },
    });

  it("issues the golden first code and succeeds on the first poll", async () => {
    const fresh = await startFakeEntra();
    try {
      const res = await fakeRequest(fresh, `${AUTHORITY}/organizations/oauth2/v2.0/devicecode`, { body: { client_id: CLI_CLIENT, scope: USER_SCOPES } });
      expect(res.json()).toEqual({
        user_code: "FAKECODE1",
        device_code: "fake-device-code",
        verification_uri: "https://microsoft.com/devicelogin",
        expires_in: 900,
        interval: 1,
        message: "To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FAKECODE1 to authenticate.",
      });
      const body = (await poll("fake-device-code", fresh)).json<Record<string, string>>();
      // As the fake behind the golden captures: the poll carries no scope, so neither does the token.
      expect(body.scope).toBe("");
      expect(claimsOf(body.access_token!)).toMatchObject({ tid: T1, gt: "urn:ietf:params:oauth:grant-type:device_code" });
      expect(body.refresh_token).toMatch(/^fake-rt-\d+$/);
      expect((await poll("fake-device-code", fresh)).status).toBe(400); // redeemed
    } finally {
      await fresh.close();
    }
  });

  it("answers authorization_pending until approved after N polls, with slow_down first", async () => {
    fake.updateSettings({ deviceCode: { approveAfterPolls: 2, slowDownPolls: 1, scopeFrom: "devicecode" } });
    const { device_code } = await start();
    const errors = [];
    for (let i = 0; i < 3; i++) errors.push((await poll(String(device_code))).json().error);
    expect(errors).toEqual(["slow_down", "authorization_pending", "authorization_pending"]);
    const ok = await poll(String(device_code));
    expect(ok.status).toBe(200);
    expect(ok.json().scope).toBe(ARM_SCOPE);
  });

  it("waits for approveDeviceCode when auto-approval is off, and honours deny", async () => {
    fake.updateSettings({ deviceCode: { approveAfterPolls: null } });
    const first = await start();
    expect((await poll(String(first.device_code))).json().error_codes).toEqual([70016]);
    fake.approveDeviceCode(String(first.user_code));
    expect((await poll(String(first.device_code))).status).toBe(200);
    const second = await start();
    fake.denyDeviceCode(String(second.user_code));
    expect((await poll(String(second.device_code))).json().error).toBe("authorization_declined");
    expect(() => fake.approveDeviceCode("NOPE")).toThrow(/no device code/);
  });
});

describe("authorization code + PKCE", () => {
  const verifier = "a-verifier-that-is-long-enough-0123456789abcdef";
  const challenge = createHash("sha256").update(verifier).digest("base64url");
  const redirect = "http://localhost:48123/";
  async function authorize(): Promise<URL> {
    const q = new URLSearchParams({ client_id: CLI_CLIENT, response_type: "code", redirect_uri: redirect, scope: USER_SCOPES, state: "st8", code_challenge: challenge, code_challenge_method: "S256" });
    const res = await fakeRequest(fake, `${AUTHORITY}/organizations/oauth2/v2.0/authorize?${q}`);
    expect(res.status).toBe(302);
    return new URL(String(res.headers.location));
  }
  const redeem = (code: string, codeVerifier: string) =>
    fakeRequest(fake, `${AUTHORITY}/organizations/oauth2/v2.0/token`, {
      body: { client_id: CLI_CLIENT, grant_type: "authorization_code", code, redirect_uri: redirect, code_verifier: codeVerifier, scope: USER_SCOPES },
    });

  it("redirects back with code and state, and redeems with the right verifier once", async () => {
    const location = await authorize();
    expect(location.origin + location.pathname).toBe(redirect);
    expect(location.searchParams.get("state")).toBe("st8");
    const code = location.searchParams.get("code")!;
    const ok = await redeem(code, verifier);
    expect(ok.status).toBe(200);
    expect(claimsOf(ok.json<{ access_token: string }>().access_token).gt).toBe("authorization_code");
    expect((await redeem(code, verifier)).json().error_codes).toEqual([70008]);
  });

  it("refuses a wrong code_verifier", async () => {
    const code = (await authorize()).searchParams.get("code")!;
    expect((await redeem(code, "wrong")).json().error_codes).toEqual([501481]);
  });

  it("redirects with access_denied in deny mode", async () => {
    fake.updateSettings({ authorize: "deny" });
    expect((await authorize()).searchParams.get("error")).toBe("access_denied");
  });
});

describe("password grant and request validation", () => {
  it("checks a configured password", async () => {
    fake.settings.directory.users.push({ username: "bob@contoso.com", objectId: "b0b", homeTenantId: T1, password: "hunter2" });
    const ropc = (password: string) =>
      token({ client_id: CLI_CLIENT, grant_type: "password", username: "bob@contoso.com", password, scope: USER_SCOPES }, "organizations");
    expect(claimsOf((await ropc("hunter2")).json<{ access_token: string }>().access_token)).toMatchObject({ oid: "b0b", gt: "password" });
    expect((await ropc("nope")).json().error_codes).toEqual([50126]);
  });

  it("rejects a missing client_id and unknown grant types", async () => {
    expect((await token({ grant_type: "refresh_token", refresh_token: "x" })).json().error_codes).toEqual([900144]);
    expect((await token({ client_id: CLI_CLIENT, grant_type: "magic" })).json().error).toBe("unsupported_grant_type");
  });
});
