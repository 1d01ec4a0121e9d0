// Shared bits for the fake-entra tests.
import { decodeJwt, fakeRequest, type FakeEntra } from "../../support/fake-entra/index.js";

export const AUTHORITY = "https://login.microsoftonline.com";
export const ARM = "https://management.azure.com";
export const ARM_SCOPE = "https://management.core.windows.net//.default";
export const USER_SCOPES = `${ARM_SCOPE} offline_access openid profile`;
export const CLI_CLIENT = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

export function claimsOf(token: string): Record<string, unknown> {
  const decoded = decodeJwt(token);
  if (!decoded) throw new Error(`not a JWT: ${token}`);
  return decoded.payload;
}

/** A refresh-token grant as az sends it (docs/compatibility.md#user-tokens). */
export function refreshForm(refreshToken: string, scope = USER_SCOPES): Record<string, string> {
  return { client_id: CLI_CLIENT, grant_type: "refresh_token", client_info: "1", refresh_token: refreshToken, scope };
}

/** An ARM access token from the fake, for the default user. */
export async function armToken(fake: FakeEntra, tenant = "organizations"): Promise<string> {
  const res = await fakeRequest(fake, `${AUTHORITY}/${tenant}/oauth2/v2.0/token`, { body: refreshForm("fake-rt") });
  return res.json<{ access_token: string }>().access_token;
}
