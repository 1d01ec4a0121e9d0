// storeSignIn writes a sign-in's cache sections in the order az (MSAL for Python) creates them.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { storeSignIn } from "../../../src/core/login/sign-in-cache.js";

const CLIENT = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

const grant = {
  clientId: CLIENT,
  environment: "login.microsoftonline.com",
  realm: "organizations",
  requestedScopes: ["https://management.core.windows.net//.default"],
  nowSeconds: 1_700_000_000,
  response: {
    access_token: "at",
    expires_in: 3599,
    refresh_token: "rt",
    foci: "1",
    scope: "https://management.core.windows.net//.default",
    client_info: b64({ uid: "uid", utid: "utid" }),
    id_token: `${b64({ alg: "none" })}.${b64({ preferred_username: "alice@contoso.com", oid: "uid" })}.`,
  },
};

let dir: string;
afterEach(() => rmSync(dir, { recursive: true, force: true }));

/** The cache's section names after a sign-in into a config dir holding `existing` (or no cache file). */
async function sectionsAfterSignIn(existing: Record<string, unknown> | undefined): Promise<string[]> {
  dir = mkdtempSync(join(tmpdir(), "aztoken-sign-in-cache-"));
  if (existing) writeFileSync(join(dir, "msal_token_cache.json"), JSON.stringify(existing));
  await storeSignIn(dir, grant);
  return Object.keys(JSON.parse(readFileSync(join(dir, "msal_token_cache.json"), "utf8")) as object);
}

describe("storeSignIn section order (MSAL Python's TokenCache.add creates AccessToken, Account, IdToken, RefreshToken, AppMetadata)", () => {
  it("a new cache gets MSAL Python's order", async () => {
    expect(await sectionsAfterSignIn(undefined)).toEqual(["AccessToken", "Account", "IdToken", "RefreshToken", "AppMetadata"]);
  });

  it("after a service principal login, the new sections follow the existing ones in that order", async () => {
    const spCache = { AccessToken: {}, AppMetadata: {} };
    expect(await sectionsAfterSignIn(spCache)).toEqual(["AccessToken", "AppMetadata", "Account", "IdToken", "RefreshToken"]);
  });
});
