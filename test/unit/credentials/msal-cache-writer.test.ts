// The entries a token response adds to az's cache (MSAL for Python 1.21's TokenCache.add and update_rt).
import { mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireUnderCacheLock, addTokenResponse, cacheKeys, homeAccountIdOf, targetOf, type TokenGrant } from "../../../src/core/cache/msal-cache-writer.js";
import { serializeMsalCache } from "../../../src/core/cache/msal-cache-store.js";
import { cacheFileVersion, msalCachePath, readMsalCacheSnapshot, type MsalCacheDocument } from "../../../src/core/cache/msal-cache.js";
import { fakeJwt } from "./support.js";

const clientInfo = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
const grant = (response: TokenGrant["response"], extra: Partial<TokenGrant> = {}): TokenGrant => ({
  clientId: "C",
  environment: "login.microsoftonline.com",
  realm: "T",
  requestedScopes: ["https://r/.default"],
  response: { access_token: "at", expires_in: 100, ...response },
  nowSeconds: 1000,
  ...extra,
});

describe("keys and identities", () => {
  it("lower-cases and joins keys as MSAL's key makers do", () => {
    expect(cacheKeys.accessToken({ home_account_id: null, environment: "login.microsoftonline.com", client_id: "C", realm: "T", target: "https://R/.default" })).toBe(
      "-login.microsoftonline.com-accesstoken-c-t-https://r/.default",
    );
    expect(cacheKeys.refreshToken({ home_account_id: "u.t", environment: "E", client_id: "C" })).toBe("u.t-e-refreshtoken-c--");
    expect(cacheKeys.idToken({ home_account_id: "u.t", environment: "E", client_id: "C", realm: "T" })).toBe("u.t-e-idtoken-c-t-");
    expect(cacheKeys.appMetadata({ environment: "E", client_id: "C" })).toBe("appmetadata-E-C");
  });

  it("takes home_account_id from client_info, else the ID token's sub, else null", () => {
    expect(homeAccountIdOf({ client_info: clientInfo({ uid: "u", utid: "t" }) })).toBe("u.t");
    expect(homeAccountIdOf({ client_info: clientInfo({ uid: "u" }), id_token: fakeJwt({ sub: "s" }) })).toBe("s");
    expect(homeAccountIdOf({})).toBeNull();
  });

  it("targets the server's scopes without OIDC scopes, else the requested ones", () => {
    expect(targetOf({ scope: "https://b/x openid https://a/y profile offline_access" }, ["z"])).toBe("https://b/x https://a/y");
    expect(targetOf({}, ["https://r/.default", "offline_access"])).toBe("https://r/.default");
  });
});

describe("addTokenResponse", () => {
  it("writes string times, refresh_on from refresh_in, and app tokens with home_account_id null", () => {
    const document: MsalCacheDocument = {};
    addTokenResponse(document, grant({ expires_in: "3599", ext_expires_in: 7200, refresh_in: 1800, scope: "https://r/.default" }));
    expect(document.AccessToken!["-login.microsoftonline.com-accesstoken-c-t-https://r/.default"]).toMatchObject({
      home_account_id: null,
      cached_at: "1000",
      expires_on: "4599",
      extended_expires_on: "8200",
      refresh_on: "2800",
    });
    expect(Object.keys(document)).toEqual(["AccessToken", "AppMetadata"]);
    expect(document.AppMetadata).toEqual({ "appmetadata-login.microsoftonline.com-C": { client_id: "C", environment: "login.microsoftonline.com" } });
  });

  it("replaces an entry in place and appends new sections at the end", () => {
    const key = "s-login.microsoftonline.com-accesstoken-c-t-https://r/.default"; // home_account_id = the ID token's sub
    const document: MsalCacheDocument = { Other: {}, AccessToken: { first: {} as never, [key]: { old: true } as never, last: {} as never } };
    addTokenResponse(document, grant({ scope: "https://r/.default", id_token: fakeJwt({ sub: "s" }), foci: "1" }));
    expect(Object.keys(document.AccessToken!)).toEqual(["first", key, "last"]);
    expect(document.AccessToken![key]).not.toHaveProperty("old");
    expect(Object.keys(document)).toEqual(["Other", "AccessToken", "IdToken", "AppMetadata"]);
    expect(document.AppMetadata!["appmetadata-login.microsoftonline.com-C"]).toEqual({ client_id: "C", environment: "login.microsoftonline.com", family_id: "1" });
  });

  it("rotates the used refresh token in place, keeping its other fields, and never adds accounts", () => {
    const rt = { credential_type: "RefreshToken" as const, secret: "old", home_account_id: "u.t", environment: "login.microsoftonline.com", client_id: "C", target: "", last_modification_time: "1", family_id: "1", x: "kept" };
    const rtKey = cacheKeys.refreshToken(rt);
    const document: MsalCacheDocument = { RefreshToken: { [rtKey]: rt } };
    addTokenResponse(document, grant({ refresh_token: "new", client_info: clientInfo({ uid: "u", utid: "t" }) }, { usedRefreshToken: rt }));
    expect(document.RefreshToken![rtKey]).toEqual({ ...rt, secret: "new", last_modification_time: "1000" });
    expect(document).not.toHaveProperty("Account");
  });
});

describe("acquireUnderCacheLock reads", () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));
  const configDir = (document: MsalCacheDocument) => {
    const dir = mkdtempSync(join(tmpdir(), "aztoken-lockread-"));
    dirs.push(dir);
    writeFileSync(msalCachePath(dir), serializeMsalCache(document));
    return dir;
  };
  const answer = { access_token: "new", expires_in: 3600 };
  const tokenGrant = { clientId: "C", environment: "e", realm: "T", requestedScopes: ["s"], response: answer, nowSeconds: 1000 };

  it("uses the snapshot taken before the lock while the file is unchanged, and writes back on top of it", async () => {
    const dir = configDir({ AppMetadata: { on: { disk: true } } });
    // Same version as the file, different content: seeing this content proves no second read happened.
    const before = { document: { AppMetadata: { from: { snapshot: true } } }, version: cacheFileVersion(msalCachePath(dir)) };
    const seen: unknown[] = [];
    await acquireUnderCacheLock(dir, {
      before,
      findFresh: (document) => void seen.push(Object.keys(document.AppMetadata ?? {})),
      acquire: async (document) => {
        seen.push(Object.keys(document.AppMetadata ?? {}));
        return { grant: tokenGrant, result: "token" };
      },
    });
    expect(seen).toEqual([["from"], ["from"]]);
    expect(JSON.parse(readFileSync(msalCachePath(dir), "utf8")).AppMetadata).toMatchObject({ from: { snapshot: true } });
  });

  it("reads the file again when another process changed it, before the request and after it", async () => {
    const dir = configDir({ AppMetadata: { first: {} } });
    const before = readMsalCacheSnapshot(dir, process.platform);
    writeFileSync(msalCachePath(dir), serializeMsalCache({ AppMetadata: { second: {} } })); // in place, as az writes
    const seen: unknown[] = [];
    await acquireUnderCacheLock(dir, {
      before,
      findFresh: (document) => void seen.push(Object.keys(document.AppMetadata ?? {})),
      async acquire() {
        writeFileSync(msalCachePath(dir), serializeMsalCache({ AppMetadata: { third: {} } })); // az, while we wait for the answer
        return { grant: tokenGrant, result: "token" };
      },
    });
    expect(seen).toEqual([["second"]]);
    const after = JSON.parse(readFileSync(msalCachePath(dir), "utf8"));
    expect(Object.keys(after.AppMetadata)).toEqual(["third", "appmetadata-e-C"]);
    expect(Object.values(after.AccessToken).map((entry) => (entry as { secret: string }).secret)).toEqual(["new"]);
  });

  it("a process waiting for the lock takes the token the holder writes, without taking the lock itself", async () => {
    const dir = configDir({ AppMetadata: { first: {} } });
    const before = readMsalCacheSnapshot(dir, process.platform);
    const lockFile = `${msalCachePath(dir)}.lockfile`;
    writeFileSync(lockFile, `${process.pid} holder`); // a live holder, busy with the token request
    setTimeout(() => {
      const written = `${msalCachePath(dir)}.tmp`;
      writeFileSync(written, serializeMsalCache({ AppMetadata: { first: {} }, AccessToken: { k: { secret: "from-the-holder" } } } as unknown as MsalCacheDocument));
      renameSync(written, msalCachePath(dir));
    }, 150);
    let requests = 0;
    const result = await acquireUnderCacheLock(
      dir,
      {
        before,
        findFresh: (document) => (document.AccessToken?.k as { secret?: string } | undefined)?.secret,
        async acquire() {
          requests++;
          return { grant: tokenGrant, result: "requested" };
        },
      },
      { timeoutMs: 5_000 },
    );
    expect(result).toBe("from-the-holder");
    expect(requests).toBe(0);
    expect(readFileSync(lockFile, "utf8")).toBe(`${process.pid} holder`); // never taken, never removed
  });

  it("a waiter that cannot read the changed file (az rewriting it in place) keeps waiting for the lock", async () => {
    const dir = configDir({ AppMetadata: { first: {} } });
    const before = readMsalCacheSnapshot(dir, process.platform);
    const lockFile = `${msalCachePath(dir)}.lockfile`;
    writeFileSync(lockFile, `${process.pid} holder`);
    setTimeout(() => writeFileSync(msalCachePath(dir), '{"AccessToken": {"k": {"sec'), 100); // half written
    setTimeout(() => {
      writeFileSync(msalCachePath(dir), serializeMsalCache({ AccessToken: { k: { secret: "complete" } } } as unknown as MsalCacheDocument));
      rmSync(lockFile);
    }, 300);
    const result = await acquireUnderCacheLock(
      dir,
      {
        before,
        findFresh: (document) => (document.AccessToken?.k as { secret?: string } | undefined)?.secret,
        acquire: async () => ({ grant: tokenGrant, result: "requested" }),
      },
      { timeoutMs: 5_000 },
    );
    expect(result).toBe("complete");
  });
});
