// `login --workload-identity`: the service principal login Kubernetes workload identity (AKS) is set up for,
// configured from the variables its webhook injects into the pod. The token file is re-read at each token
// request (kubelet rotates it), exactly as `--federated-token-file`.
import { authorityHost } from "../clouds.js";
import { FederatedTokenError } from "../federation/provider.js";
import type { LoginContext } from "./login-context.js";
import type { LoginOptions } from "./usage.js";

const VARIABLES = ["AZURE_CLIENT_ID", "AZURE_TENANT_ID", "AZURE_FEDERATED_TOKEN_FILE"] as const;

/** The options `--workload-identity` stands for: --service-principal -u, --tenant and --federated-token-file. */
export function workloadIdentityOptions(options: LoginOptions, context: LoginContext): LoginOptions {
  const { env } = context.deps;
  const missing = VARIABLES.filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new FederatedTokenError(
      `--workload-identity needs ${VARIABLES.join(", ")}; not set: ${missing.join(", ")}. AKS sets them in pods labelled ` +
        'azure.workload.identity/use: "true" whose service account is annotated with azure.workload.identity/client-id.',
    );
  }
  checkAuthorityHost(env.AZURE_AUTHORITY_HOST, context);
  return {
    ...options,
    workloadIdentity: false,
    servicePrincipal: true,
    username: env.AZURE_CLIENT_ID!,
    tenant: env.AZURE_TENANT_ID!,
    federatedTokenFile: env.AZURE_FEDERATED_TOKEN_FILE!,
  };
}

/** Tokens come from the active cloud's authority; AZURE_AUTHORITY_HOST must name the same one. */
function checkAuthorityHost(value: string | undefined, context: LoginContext): void {
  if (!value) return;
  const { session } = context;
  const normalise = (host: string) => host.trim().replace(/\/+$/, "").toLowerCase();
  const active = authorityHost(session.cloud, session.configDir);
  if (normalise(value) === normalise(active)) return;
  const matching = session.clouds.find((cloud) => cloud.endpoints.active_directory && normalise(cloud.endpoints.active_directory) === normalise(value));
  const fix = matching ? `run 'az cloud set --name ${matching.name}' first` : "register that cloud with 'az cloud register' and select it with 'az cloud set'";
  throw new FederatedTokenError(`AZURE_AUTHORITY_HOST is ${value}, but the active cloud ${session.cloud.name} signs in at ${active}; ${fix}.`);
}
