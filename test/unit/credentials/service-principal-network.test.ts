// Service principal tokens in-process: secret, PEM certificate (JWT assertion checked here) and federated token,
// against the stub token endpoint; entries written back as az writes app tokens.
import { createHash, createVerify, randomUUID, X509Certificate } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import forge from "node-forge";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AzError } from "../../../src/core/errors.js";
import { ARM_SCOPE, SP_ID, T1, T2, getToken, goldenTokenPost, jwtClaims, profiles, readCache, stubEntra, type TokenPost } from "./stub-entra.js";

const fixtures = profiles();
afterEach(() => fixtures.removeAll());

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
const STORAGE = "https://storage.azure.com";
const spAtKey = (realm: string, target: string) => `-login.microsoftonline.com-accesstoken-${SP_ID}-${realm}-${target}`;

/** Replaces the fixture's service principal entry (a secret for T1) with `entries`. */
function withEntries(configDir: string, entries: object[]) {
  writeFileSync(join(configDir, "service_principal_entries.json"), JSON.stringify(entries, null, 4), { mode: 0o600 });
}

let pem: { key: string; cert: string; der: Buffer };
beforeAll(() => {
  const keys = forge.pki.rsa.generateKeyPair(2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = keys.publicKey;
  cert.serialNumber = "01";
  cert.validity.notBefore = new Date(Date.UTC(2026, 0, 1));
  cert.validity.notAfter = new Date(Date.UTC(2036, 0, 1));
  const name = [{ name: "commonName", value: "aztoken-test-sp" }];
  cert.setSubject(name);
  cert.setIssuer(name);
  cert.sign(keys.privateKey, forge.md.sha256.create());
  const certPem = forge.pki.certificateToPem(cert);
  pem = {
    key: forge.pki.privateKeyToPem(keys.privateKey),
    cert: certPem,
    der: Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), "binary"),
  };
});

function certificateProfile(options: { snIssuer?: boolean; keyFirst?: boolean } = {}) {
  const profile = fixtures.make("sp");
  const path = join(profile.home, "sp.pem");
  writeFileSync(path, options.keyFirst === false ? pem.cert + pem.key : pem.key + pem.cert);
  withEntries(profile.configDir, [{ client_id: SP_ID, tenant: T1, certificate: path, ...(options.snIssuer ? { use_cert_sn_issuer: true } : {}) }]);
  return profile;
}

/** Form fields without MSAL's telemetry, claims parsed: what the token endpoint acts on. */
function meaningfulFields(post: TokenPost) {
  const fields = Object.entries(post.form).filter(([name]) => !/^(x-client-|x-ms-lib-capability$|client-request-id$)/.test(name));
  return Object.fromEntries(fields.map(([name, value]) => [name, name === "claims" ? JSON.parse(value) : value]));
}

function decodeAssertion(post: TokenPost) {
  const [header, payload, signature] = post.form.client_assertion!.split(".") as [string, string, string];
  const verified = createVerify("RSA-SHA256").update(`${header}.${payload}`).verify(new X509Certificate(pem.cert).publicKey, Buffer.from(signature, "base64url"));
  return { header: JSON.parse(Buffer.from(header, "base64url").toString()), claims: JSON.parse(Buffer.from(payload, "base64url").toString()), verified };
}

describe("service principal with a secret", () => {
  it("sends az's client-credentials request (golden sp_new_resource)", async () => {
    const profile = fixtures.make("sp");
    const stub = stubEntra({ nowMs: Date.UTC(2026, 10, 24, 12) });
    const result = await getToken(stub, profile.configDir, { resource: STORAGE });

    const golden = goldenTokenPost("sp_new_resource");
    const [post] = stub.posts as [TokenPost];
    expect(stub.posts).toHaveLength(1);
    expect(post.url).toBe(golden.url);
    expect(meaningfulFields(post)).toEqual(meaningfulFields(golden));
    expect(post.headers).not.toHaveProperty("X-AnchorMailbox");
    expect(jwtClaims(result.accessToken).aud).toBe(STORAGE);
  });

  it("stores an app token (home_account_id null) and nothing else, as az does", async () => {
    const profile = fixtures.make("sp");
    const before = readCache(profile.configDir);
    const nowMs = Date.UTC(2026, 10, 24, 12, 0, 0, 700);
    const result = await getToken(stubEntra({ nowMs }), profile.configDir, { resource: STORAGE });

    const after = readCache(profile.configDir);
    const now = Math.floor(nowMs / 1000);
    expect(Object.keys(after)).toEqual(["AccessToken", "AppMetadata"]);
    expect(after.AppMetadata).toEqual(before.AppMetadata);
    const key = spAtKey(T1, `${STORAGE}/.default`);
    expect(Object.keys(after.AccessToken!)).toEqual([...Object.keys(before.AccessToken!), key]);
    expect(Object.entries(after.AccessToken![key]!)).toEqual(
      Object.entries({
        credential_type: "AccessToken",
        secret: result.accessToken,
        home_account_id: null,
        environment: "login.microsoftonline.com",
        client_id: SP_ID,
        target: `${STORAGE}/.default`,
        realm: T1,
        token_type: "Bearer",
        cached_at: String(now),
        expires_on: String(now + 3599),
        extended_expires_on: String(now + 3599),
      }),
    );
    expect(result.expires_on).toBe(now + 3599);
  });

  it("uses the requested tenant's authority with another tenant's entry, after az's warning", async () => {
    const profile = fixtures.make("sp");
    const stub = stubEntra();
    const result = await getToken(stub, profile.configDir, { tenant: T2, resource: STORAGE });
    expect(stub.posts[0]!.url).toBe(`https://login.microsoftonline.com/${T2}/oauth2/v2.0/token`);
    expect(stub.deps.io.stderr.text()).toBe(
      `WARNING: Could not retrieve credential from local cache for service principal ${SP_ID} under tenant ${T2}. Trying credential under tenant ${T1}, assuming that is an app credential.\n`,
    );
    expect(readCache(profile.configDir).AccessToken![spAtKey(T2, `${STORAGE}/.default`)]!.secret).toBe(result.accessToken);
  });

  it("AADSTS7000215 gets az's --password/--certificate hint", async () => {
    const profile = fixtures.make("sp");
    const description = "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value.";
    const stub = stubEntra({ fail: () => ({ status: 401, body: { error: "invalid_client", error_description: description, error_codes: [7000215] } }) });
    const error = (await getToken(stub, profile.configDir, { resource: STORAGE }).catch((e: unknown) => e)) as AzError;
    expect(error.render()).toBe(
      `ERROR: ${description}\nThe error may be caused by passing a service principal certificate with --password. ` +
        "Please note that --password no longer accepts a service principal certificate. To pass a service principal certificate, use --certificate instead.\n",
    );
  });

  it("other Entra errors recommend a bare `az login` after `az logout` (latest az: no tenant or scope for service principals)", async () => {
    const profile = fixtures.make("sp");
    const description = "AADSTS700016: Application with identifier '99999999-8888-7777-6666-555555555555' was not found.";
    const stub = stubEntra({ fail: () => ({ status: 400, body: { error: "unauthorized_client", error_description: description, error_codes: [700016] } }) });
    const error = (await getToken(stub, profile.configDir, { resource: STORAGE }).catch((e: unknown) => e)) as AzError;
    expect(error.render()).toBe(`ERROR: ${description}\nRun the command below to authenticate interactively; additional arguments may be added as needed:\naz logout\naz login\n`);
  });

  it("makes no request on a cache hit", async () => {
    const profile = fixtures.make("sp");
    const stub = stubEntra({ nowMs: Date.UTC(2026, 10, 24, 12) });
    await getToken(stub, profile.configDir, { scope: [ARM_SCOPE] });
    expect(stub.posts).toEqual([]);
  });
});

describe("service principal with a certificate", () => {
  it("signs an RS256 assertion with x5t = SHA-1 thumbprint and az's claims", async () => {
    const profile = certificateProfile();
    const stub = stubEntra();
    const started = Math.floor(Date.now() / 1000);
    await getToken(stub, profile.configDir, { resource: STORAGE });

    const post = stub.posts[0]!;
    expect(post.form).not.toHaveProperty("client_secret");
    expect(post.form.client_assertion_type).toBe(ASSERTION_TYPE);
    const { header, claims, verified } = decodeAssertion(post);
    expect(verified).toBe(true);
    expect(header).toEqual({ alg: "RS256", typ: "JWT", x5t: createHash("sha1").update(pem.der).digest("base64url") });
    expect(claims).toMatchObject({ aud: `https://login.microsoftonline.com/${T1}/oauth2/v2.0/token`, iss: SP_ID, sub: SP_ID });
    // MSAL node: nbf = issue time, exp = nbf + 600 (az: iat + 600); iat is stamped by the signer a moment later.
    expect(claims.exp - claims.nbf).toBe(600);
    expect(claims.iat - claims.nbf).toBeLessThanOrEqual(1);
    expect(claims.nbf).toBeGreaterThanOrEqual(started);
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("adds x5c with the certificate for subject name/issuer auth, whatever the order in the file", async () => {
    const profile = certificateProfile({ snIssuer: true, keyFirst: false });
    const stub = stubEntra();
    await getToken(stub, profile.configDir, { resource: STORAGE });
    const { header, verified } = decodeAssertion(stub.posts[0]!);
    expect(verified).toBe(true);
    expect(header.x5c).toEqual([pem.der.toString("base64")]);
  });

  it("reports an unreadable certificate in az's words, without a request", async () => {
    const profile = fixtures.make("sp");
    withEntries(profile.configDir, [{ client_id: SP_ID, tenant: T1, certificate: join(profile.home, "missing.pem") }]);
    const stub = stubEntra();
    const error = (await getToken(stub, profile.configDir, { resource: STORAGE }).catch((e: unknown) => e)) as AzError;
    expect(error.render()).toMatch(/^ERROR: Invalid certificate, please use a valid PEM file\. Error detail: [^\n]+\n$/);
    expect(stub.posts).toEqual([]);
  });
});

describe("service principal with a federated token", () => {
  it("sends the stored token as the assertion, unchanged (golden login_sp_federated)", async () => {
    const profile = fixtures.make("sp");
    const assertion = `eyJhbGciOiJSUzI1NiJ9.${Buffer.from(JSON.stringify({ sub: "repo:contoso/app", jti: randomUUID() })).toString("base64url")}.c2ln`;
    withEntries(profile.configDir, [{ client_id: SP_ID, tenant: T1, client_assertion: assertion }]);
    const stub = stubEntra();
    await getToken(stub, profile.configDir, { resource: STORAGE });

    const golden = goldenTokenPost("login_sp_federated");
    const post = stub.posts[0]!;
    expect(post.form.client_assertion).toBe(assertion);
    expect(post.form.client_assertion_type).toBe(golden.form.client_assertion_type);
    expect(post.form.grant_type).toBe(golden.form.grant_type);
    expect(readFileSync(join(profile.configDir, "service_principal_entries.json"), "utf8")).toContain(assertion);
  });

  it("an expired federated token fails with Entra's message (AADSTS700024)", async () => {
    const profile = fixtures.make("sp");
    withEntries(profile.configDir, [{ client_id: SP_ID, tenant: T1, client_assertion: "eyJhbGciOiJSUzI1NiJ9.e30.c2ln" }]);
    const description = "AADSTS700024: Client assertion is not within its valid time range.";
    const stub = stubEntra({ fail: () => ({ status: 400, body: { error: "invalid_client", error_description: description, error_codes: [700024] } }) });
    const error = (await getToken(stub, profile.configDir, { resource: STORAGE }).catch((e: unknown) => e)) as AzError;
    expect(error.render().split("\n")[0]).toBe(`ERROR: ${description}`);
    expect(error.exitCode).toBe(1);
  });
});
