// `az login --identity`: a token for the cloud's ARM resource from the machine's managed-identity endpoint; the
// tenant is read from the token. With 2.45's `-u X`, X is tried as a client id and, if the endpoint answers
// 400, as an object id.
import { AzError } from "../../errors.js";
import { jwtClaims } from "../../jwt.js";
import type { ManagedIdentitySelector } from "../../credentials/managed-identity.js";
import { armResource, credentialContext, type LoginContext } from "../login-context.js";
import type { IdentityCandidates } from "../usage.js";

export interface ManagedIdentitySignIn {
  selector: ManagedIdentitySelector;
  token: string;
  /** The token's `tid`. */
  tenant: string;
  /** The token's claims (Cloud Shell names its user by `unique_name`). */
  claims: Record<string, unknown>;
}

export async function signInManagedIdentity(context: LoginContext, candidates: IdentityCandidates, cloudShell = false): Promise<ManagedIdentitySignIn> {
  const { acquireManagedIdentityToken } = await import("../../credentials/managed-identity-network.js");
  const credentials = credentialContext(context, { name: "", type: "servicePrincipal" }, "");
  for (const [index, selector] of candidates.entries()) {
    let token: string;
    try {
      ({ token } = await acquireManagedIdentityToken({ context: credentials, selector, resource: armResource(context), cloudShell }));
    } catch (error) {
      // az's sniffing: 400 means "no identity with this kind of id", so try the next kind
      if (candidates.length > 1 && error instanceof AzError && error.message.includes("http error: 400")) {
        context.logger.info(`Sniff: not an MSI ${selector.idType === "MSIClient" ? "client" : "object"} id`);
        if (index < candidates.length - 1) continue;
        throw new AzError("Failed to connect to MSI, check your managed service identity id.");
      }
      throw error;
    }
    context.logger.info("MSI: token was retrieved. Now trying to initialize local accounts...");
    const claims = jwtClaims(token);
    if (!claims) throw new AzError("The managed identity endpoint returned an access token that is not a JWT.");
    if (typeof claims.tid !== "string" || !claims.tid) throw new AzError("The managed identity token names no tenant (tid claim).");
    return { selector, token, tenant: claims.tid, claims };
  }
  throw new AzError("Failed to connect to MSI, check your managed service identity id.");
}
