// `exec-credential`: the token for a Kubernetes API server's Entra application (what kubelogin asks for:
// `<server-id>/.default`), through exactly the cache and refresh path of get-access-token, as an ExecCredential.
import { AzError } from "../errors.js";
import { execCredential, requestedApiVersion, type ExecCredential } from "../kubernetes/exec-credential.js";
import type { Deps } from "../../infra/deps.js";
import type { Logger } from "../logger.js";
import type { ProfileSession } from "../profile/session.js";
import { getAccessToken } from "./get-access-token.js";

export interface ExecCredentialOptions {
  serverId: string;
  tenant?: string;
  subscription?: string;
}

export async function getExecCredential(options: ExecCredentialOptions, session: ProfileSession, deps: Deps, logger: Logger): Promise<ExecCredential> {
  // checked before any token work, so a kubectl that asks for an unknown version gets no token at all
  const apiVersion = requestedApiVersion(deps.env);
  const serverId = options.serverId.trim();
  if (serverId === "") throw new AzError("--server-id must name the cluster's Entra application (AKS: 6dae42f8-4368-4678-94ff-3960e28e3630).");
  const token = await getAccessToken(
    {
      scope: [`${serverId}/.default`],
      ...(options.tenant !== undefined ? { tenant: options.tenant } : {}),
      ...(options.subscription !== undefined ? { subscription: options.subscription } : {}),
    },
    session,
    deps,
    logger,
  );
  return execCredential(apiVersion, token.accessToken, token.expires_on);
}
