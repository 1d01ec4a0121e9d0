// What the three user sign-ins (device code, browser, username/password) share: an MSAL public client of Azure
// CLI on the login authority (`organizations`, or --tenant) that makes no discovery calls, the raw token answer
// written to az's cache as MSAL for Python would (account, refresh token and tokens), and ARM tokens for the
// subscription discovery from that refresh token, through the same credential `get-access-token` uses.
import type { INetworkModule, PublicClientApplication } from "@azure/msal-node";
import { UserCredential } from "../../credentials/user.js";
import { AZURE_CLI_CLIENT_ID } from "../../credentials/types.js";
import { storeSignIn } from "../sign-in-cache.js";
import type { ArmTokenSource } from "../subscription-finder.js";
import { armScope, credentialContext, loginAuthorityHost, type LoginContext } from "../login-context.js";

export interface UserSignInRequest {
  /** `--tenant`; else `organizations`. */
  tenant: string | undefined;
  /** `--scope`, else the ARM scope. */
  scopes: string[];
  /** Decoded `--claims-challenge`. */
  claims: string | undefined;
}

/** One MSAL interaction; its token answer is read from the network module, not from MSAL's memory cache. */
export type MsalSignIn = (app: PublicClientApplication, request: { scopes: string[]; claims?: string }) => Promise<unknown>;

export interface SignedIn {
  username: string;
  tokenFor: ArmTokenSource;
}

export async function signInUser(context: LoginContext, request: UserSignInRequest, interaction: MsalSignIn): Promise<SignedIn> {
  const [{ PublicClientApplication }, support] = await Promise.all([import("@azure/msal-node"), import("../../credentials/msal-support.js")]);
  const tenant = request.tenant ?? "organizations";
  const host = loginAuthorityHost(context);
  const credentials = credentialContext(context, { name: "", type: "user" }, tenant);
  const network = await support.createTokenEndpointNetwork(credentials);
  spellDeviceCodeGrantAsAz(network);
  const app = new PublicClientApplication(support.msalConfiguration({ context: credentials, clientId: AZURE_CLI_CLIENT_ID, authorityHost: host, tenant, network }));
  // az's check_result() after an interactive login passes no tenant or scopes: the advice is plain `az login`
  const response = await support.requestToken(network, host, {}, () =>
    interaction(app, { scopes: request.scopes, ...(request.claims ? { claims: request.claims } : {}) }),
  );
  const { grant } = support.grantResult(
    { clientId: AZURE_CLI_CLIENT_ID, environment: new URL(host).hostname, realm: tenant, requestedScopes: request.scopes, response },
    context.deps.clock.now(),
  );
  const { username } = await storeSignIn(context.session.configDir, grant);

  const credential = new UserCredential(credentialContext(context, { name: username, type: "user" }, tenant));
  const scope = armScope(context);
  return { username, tokenFor: async (forTenant) => (await credential.getToken({ scopes: [scope], tenant: forTenant ?? tenant })).token };
}

/**
 * MSAL node polls with `grant_type=device_code`; az (MSAL for Python) sends the RFC 8628 URN, which every
 * Entra-compatible server (and our fake) accepts. Send what az sends.
 */
function spellDeviceCodeGrantAsAz(network: INetworkModule): void {
  const post = network.sendPostRequestAsync.bind(network);
  network.sendPostRequestAsync = (url, options) => {
    const body = options?.body?.replace(/(^|&)grant_type=device_code(?=&|$)/, `$1grant_type=${encodeURIComponent(DEVICE_CODE_GRANT)}`);
    return post(url, options && body !== undefined ? { ...options, body } : options);
  };
}

const DEVICE_CODE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
