import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { fakeRequest, startFakeEntra, T1, type FakeEntra } from "../../support/fake-entra/index.js";
import { ARM, AUTHORITY, refreshForm } from "./helpers.js";

const logFile = join(mkdtempSync(join(tmpdir(), "fake-entra-test-")), "requests.jsonl");
const TOKEN = `${AUTHORITY}/${T1}/oauth2/v2.0/token`;
const IMDS = "http://169.254.169.254/metadata/identity/oauth2/token?resource=https://vault.azure.net&api-version=2018-02-01";
let fake: FakeEntra;
beforeAll(async () => {
  fake = await startFakeEntra({ logFile });
});
afterAll(() => fake.close());
beforeEach(() => fake.clearFaults());

const refresh = (timeoutMs?: number) => fakeRequest(fake, TOKEN, { body: refreshForm("fake-rt"), ...(timeoutMs ? { timeoutMs } : {}) });

describe("fault injection", () => {
  it("fails the next N token requests, then answers normally", async () => {
    fake.failNext("token", { status: 500 }, 2);
    expect((await refresh()).status).toBe(500);
    expect((await refresh()).status).toBe(500);
    expect((await refresh()).status).toBe(200);
    expect(fake.log.tokenRequests().slice(-3).map((e) => [e.status, e.fault])).toEqual([[500, "status:500"], [500, "status:500"], [200, undefined]]);
  });

  it("answers Entra-shaped 400s for a given AADSTS code (golden FAKE_FAIL)", async () => {
    fake.failAlways("token", { status: 400, error: "invalid_grant" });
    for (let i = 0; i < 2; i++) {
      expect((await refresh()).json()).toMatchObject({
        error: "invalid_grant",
        error_codes: [700082],
        error_description: "AADSTS700082: The refresh token has expired due to inactivity.\r\nTrace ID: 0000\r\nCorrelation ID: 1111\r\nTimestamp: 2026-01-01 00:00:00Z",
      });
    }
    fake.clearFaults();
    fake.failNext("token", { status: 400, aadsts: 50076, error: "interaction_required", description: "MFA please." });
    expect((await refresh()).json()).toMatchObject({ error: "interaction_required", error_codes: [50076], error_description: expect.stringMatching(/^AADSTS50076: MFA please\.\r\nTrace ID/) });
  });

  it("sends Retry-After with 429 and 503", async () => {
    fake.failNext("token", { status: 429 });
    fake.failNext("token", { status: 503, retryAfter: 7 });
    const throttled = await refresh();
    expect([throttled.status, throttled.headers["retry-after"]]).toEqual([429, "1"]);
    const unavailable = await refresh();
    expect([unavailable.status, unavailable.headers["retry-after"]]).toEqual([503, "7"]);
  });

  it("shapes errors per family: ARM and managed identity", async () => {
    fake.failNext("arm", { status: 403, error: "AuthorizationFailed", description: "nope" });
    const armRes = await fakeRequest(fake, `${ARM}/tenants?api-version=2019-11-01`);
    expect(armRes.json()).toEqual({ error: { code: "AuthorizationFailed", message: "nope" } });
    fake.failNext("imds", { status: 500 });
    const mi = await fakeRequest(fake, IMDS, { headers: { Metadata: "true" } });
    expect(mi.status).toBe(500);
    expect(mi.json().error).toBe("server_error");
  });

  it("serves a non-JSON body", async () => {
    fake.failNext("token", { nonJson: true });
    const res = await refresh();
    expect(res.status).toBe(200);
    expect(() => res.json()).toThrow();
  });

  it("delays, then answers normally", async () => {
    fake.failNext("token", { delayMs: 150 });
    const started = Date.now();
    expect((await refresh()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("hangs: the client times out, the log records it, and close() still finishes", async () => {
    const own = await startFakeEntra();
    own.failNext("*", { hang: true });
    await expect(fakeRequest(own, TOKEN, { body: refreshForm("fake-rt"), timeoutMs: 200 })).rejects.toThrow(/timed out/);
    expect(own.log.entries.at(-1)).toMatchObject({ route: "token", status: 0, fault: "hang" });
    own.failNext("*", { hang: true });
    const pending = fakeRequest(own, TOKEN, { body: refreshForm("fake-rt"), timeoutMs: 5000 }).catch((e: Error) => e);
    await new Promise((r) => setTimeout(r, 100));
    const started = Date.now();
    await own.close();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it("resets the connection", async () => {
    fake.failNext("token", { reset: true });
    await expect(refresh()).rejects.toThrow(/ECONNRESET|socket hang up|disconnected/);
    expect(fake.log.tokenRequests().at(-1)?.fault).toBe("reset");
  });

  it("filters by request fields with `when`", async () => {
    fake.failNext("token", { status: 500 }, 1, { grant_type: "client_credentials" });
    expect((await refresh()).status).toBe(200);
    fake.failNext("token", { status: 500 }, 1, { tenant: T1 });
    expect((await refresh()).status).toBe(500);
  });
});

describe("request log", () => {
  it("records method, host, path, query, headers and the parsed form, and counts token requests", async () => {
    fake.log.clear();
    await fakeRequest(fake, TOKEN, { body: refreshForm("fake-rt"), headers: { "X-AnchorMailbox": "Oid:x@y" } });
    await fakeRequest(fake, TOKEN, { body: { client_id: "c", grant_type: "client_credentials", client_secret: "s", scope: "https://x/.default" } });
    const [entry] = fake.log.entries;
    expect(entry).toMatchObject({ method: "POST", host: "login.microsoftonline.com", path: `/${T1}/oauth2/v2.0/token`, route: "token", status: 200 });
    expect(entry!.headers["x-anchormailbox"]).toBe("Oid:x@y");
    expect(entry!.form).toMatchObject({ grant_type: "refresh_token", refresh_token: "fake-rt" });
    expect(fake.log.countTokenRequests()).toBe(2);
    expect(fake.log.countTokenRequests("refresh_token")).toBe(1);
  });

  it("mirrors requests as JSON lines to logFile", () => {
    const lines = readFileSync(logFile, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { route: string; status: number });
    expect(lines.length).toBeGreaterThan(5);
    expect(lines.at(-1)).toMatchObject({ route: "token", status: 200 });
  });
});
